"""What templates are given: links and values as plain data, never HTML.

Python decides *where* a link goes and *what* it says; the template (``_macros.html``) decides
how it looks and escapes every text. ``Link.href`` is a path under the portal root (the template
prefixes ``{{ root }}``) or, with ``external``, an absolute http(s) IRI; ``None`` is plain text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Link:
    text: str
    href: str | None = None
    external: bool = False


@dataclass(frozen=True)
class Text:
    text: str
    lang: str = ""
    kind: str = "text"


@dataclass(frozen=True)
class LinkValue:
    link: Link
    kind: str = "link"


@dataclass
class Box:
    """A blank node (a qualified link, a target, an OCR repair ...) shown in place."""

    caption: list[Link] = field(default_factory=list)
    basis: str = ""
    rows: list[Prop] = field(default_factory=list)
    kind: str = "node"


@dataclass(frozen=True)
class Cut:
    kind: str = "cut"


Value = Text | LinkValue | Box | Cut


@dataclass
class Prop:
    label: Link
    values: list[Value]


def is_web_iri(text: str) -> bool:
    """True for an absolute http(s) IRI that is safe to use as a link."""
    if any(c.isspace() or ord(c) < 32 for c in text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)
