"""Indented JSON text, the same to the byte as ``json.dumps(doc, ensure_ascii=False, indent=n)``, faster.

The standard library's encoder is pure Python as soon as ``indent`` is set. The site and the
exports write thousands of indented documents (one JSON-LD file per resource, every query answer),
so ``dumps`` handles their dicts, lists and strings directly (strings through the C string encoder)
and leaves anything else (numbers, booleans, null) to ``json.dumps``; a document with a dict key that
is not a string goes to ``json.dumps`` as a whole.
"""

from __future__ import annotations

import json

_encode_string = json.encoder.encode_basestring  # the C version where the interpreter has it


class _NotPlain(Exception):
    """A document ``_text`` leaves to the standard library."""


def dumps(doc: object, indent: int) -> str:
    """``json.dumps(doc, ensure_ascii=False, indent=indent)``."""
    try:
        return _text(doc, "\n", " " * indent)
    except _NotPlain:
        return json.dumps(doc, ensure_ascii=False, indent=indent)


def _text(o: object, nl: str, step: str) -> str:
    if isinstance(o, str):
        return _encode_string(o)
    if isinstance(o, dict):
        if not o:
            return "{}"
        inner = nl + step
        parts = []
        for k, v in o.items():
            if not isinstance(k, str):
                raise _NotPlain
            parts.append(_encode_string(k) + ": " + _text(v, inner, step))
        return "{" + inner + ("," + inner).join(parts) + nl + "}"
    if isinstance(o, (list, tuple)):
        if not o:
            return "[]"
        inner = nl + step
        return "[" + inner + ("," + inner).join([_text(v, inner, step) for v in o]) + nl + "]"
    if o is None or isinstance(o, (bool, int, float)):
        return json.dumps(o)
    raise _NotPlain  # anything json.dumps would refuse (or a default= hook) is its business
