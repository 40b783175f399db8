"""Request JSON that no view could take, refused as it is parsed: nested too deep (it would
exhaust the stack) or holding text that is no Unicode (which the database cannot store)."""

import json

from flask.json.provider import DefaultJSONProvider

# No body the API takes nests deeper than a few levels; far deeper ones exhaust the stack.
JSON_MAX_DEPTH = 16


def json_problem(value) -> str | None:
    """Why a parsed JSON value cannot be taken: nested too deep, or text that is no Unicode
    (a lone surrogate such as "\\ud800", which the database cannot store). None when it can."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > JSON_MAX_DEPTH:
            return f"nested deeper than {JSON_MAX_DEPTH} levels"
        if isinstance(item, dict):
            stack.extend((key, depth) for key in item)
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
        elif isinstance(item, str) and not is_unicode(item):
            return "text that is not valid Unicode (a lone surrogate)"
    return None


def is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class StrictJSONProvider(DefaultJSONProvider):
    """Request JSON that no view could take is a decoding failure (a 400), wherever it is read:
    in a view, a rate-limit key or the body check below."""

    def loads(self, s, **kwargs):
        try:
            value = json.loads(s, **kwargs)
        except RecursionError as error:
            raise ValueError(f"nested deeper than {JSON_MAX_DEPTH} levels") from error
        problem = json_problem(value)
        if problem:
            raise ValueError(problem)
        return value
