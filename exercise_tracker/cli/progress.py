"""Progress bars for long commands, drawn on a terminal only: a pipe, a log or `--json` output
stays clean."""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

import click

STEPS = 1000  # resolution of a bar fed with shares (0..1)


def on_terminal() -> bool:
    return click.get_text_stream("stderr").isatty()


def each_with_bar(label: str, quiet: bool = False) -> Callable[[Iterable], Iterator]:
    """A function that walks a batch with a bar counting its items (on stderr)."""

    def walk(items: Iterable) -> Iterator:
        items = list(items)
        if quiet or not on_terminal() or not items:
            yield from items
            return
        with click.progressbar(items, label=label, file=click.get_text_stream("stderr")) as bar:
            yield from bar

    return walk


@contextmanager
def share_bar(label: str, quiet: bool = False) -> Iterator[Callable[[float], None] | None]:
    """A callback fed with the share done (0..1) that moves a bar, or None when quiet."""
    if quiet or not on_terminal():
        yield None
        return
    with click.progressbar(length=STEPS, label=label, file=click.get_text_stream("stderr")) as bar:

        def update(share: float) -> None:
            bar.update(max(0, round(share * STEPS) - bar.pos))

        yield update
