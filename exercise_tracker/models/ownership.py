"""What hangs on a user, an exercise or a video: one registry that removal, erasure and export all
read, so that a new kind of document is declared once and cannot be forgotten by any of them."""

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from mongoengine import Document


@dataclass(frozen=True)
class Dependent:
    """Documents of `document` belong to one `owner` document through the id held in `field`."""

    document: type[Document]
    owner: type[Document]
    field: str
    exported: bool  # part of the owner's export; False for derived data such as cached pictures


_DEPENDENTS: list[Dependent] = []
_BEFORE_REMOVAL: dict[type[Document], Callable[[list[Document]], None]] = {}


def hangs_on(owner: type[Document], field: str, *, exported: bool = True):
    """Class decorator: documents of the class are removed with their `owner`, found by `field`."""

    def register(document: type[Document]) -> type[Document]:
        _DEPENDENTS.append(Dependent(document, owner, field, exported))
        return document

    return register


def before_removal(document: type[Document]):
    """Decorator for a function given the documents of a kind just before they are removed, for
    what lives outside the database (stored files, revoked tokens)."""

    def register(hook: Callable[[list[Document]], None]):
        _BEFORE_REMOVAL[document] = hook
        return hook

    return register


def dependents_of(owner: type[Document]) -> tuple[Dependent, ...]:
    return tuple(dependent for dependent in _DEPENDENTS if dependent.owner is owner)


def registered_documents() -> tuple[type[Document], ...]:
    """Every kind of document that hangs on another, in registration order."""
    return tuple(dict.fromkeys(dependent.document for dependent in _DEPENDENTS))


def remove_with_dependents(document: type[Document], **query) -> Counter:
    """Removes the documents `query` selects and, first, everything that hangs on them, depth
    first; answers how many went from each collection."""
    found = list(document.objects(**query))
    removed: Counter = Counter()
    if not found:
        return removed
    ids = [each.id for each in found]
    for dependent in dependents_of(document):
        removed += remove_with_dependents(dependent.document, **{f"{dependent.field}__in": ids})
    if hook := _BEFORE_REMOVAL.get(document):
        hook(found)
    removed[document._get_collection_name()] += document.objects(id__in=ids).delete()
    return removed


def walk_dependents(
    document: type[Document], ids: list, *, exported_only: bool = True
) -> Iterator[tuple[type[Document], Document]]:
    """Every document that hangs, directly or through others, on the given owners; each once."""
    seen: set = set()
    for dependent in dependents_of(document):
        if exported_only and not dependent.exported:
            continue
        children = list(dependent.document.objects(**{f"{dependent.field}__in": ids}))
        fresh = [child for child in children if (dependent.document, child.id) not in seen]
        seen.update((dependent.document, child.id) for child in fresh)
        for child in fresh:
            yield dependent.document, child
        if fresh:
            for kind, grandchild in walk_dependents(
                dependent.document, [child.id for child in fresh], exported_only=exported_only
            ):
                if (kind, grandchild.id) not in seen:
                    seen.add((kind, grandchild.id))
                    yield kind, grandchild
