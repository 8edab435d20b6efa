"""Answers of read requests kept by the front of ``npdw serve`` until the data changes.

The served graph changes only by a write through the front (``/store``, ``/update``; ``npdw publish``
to ``npdw serve`` is a ``PUT /store``); in read-only mode it cannot change at all. So an answer is
valid for one *generation* of the data: every write starts a new generation, which empties the cache
and changes every ETag. The ETag names the generation and the request (method, path, body, the media
type asked for), so a client that sends ``If-None-Match`` with it gets ``304 Not Modified`` without
the query being run again; ``Cache-Control: no-cache`` tells it to ask each time.

The live portal's pages (``/vragen/...``, ``/zoeken``) are kept the same way; their key also holds
a stamp of the named-query files, so a curator's edit of a query shows at once.

An answer computed while a write was under way is not kept (``put`` with the generation the request
started in). The cache holds at most ``max_bytes`` of answers, least recently used first out.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

CACHE_CONTROL = "no-cache"  # may be stored, but ask again each time (with If-None-Match)
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Cached:
    status: int
    media_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()  # what else the answer said (a download's Content-Disposition)


@dataclass
class AnswerCache:
    max_bytes: int = DEFAULT_MAX_BYTES
    generation: int = 0
    # a token per server start: an ETag of an earlier run (other data, perhaps) never matches
    boot: str = field(default_factory=lambda: secrets.token_hex(4))
    hits: int = 0
    misses: int = 0
    _entries: OrderedDict[str, Cached] = field(default_factory=OrderedDict)
    _size: int = 0

    @staticmethod
    def key(*parts: str | bytes) -> str:
        h = hashlib.sha256()
        for part in parts:
            data = part.encode("utf-8") if isinstance(part, str) else part
            h.update(len(data).to_bytes(8, "big"))
            h.update(data)
        return h.hexdigest()[:32]

    def etag(self, key: str) -> str:
        return f'"{self.boot}.{self.generation}.{key}"'

    def not_modified(self, if_none_match: str | None, key: str) -> bool:
        """Whether the client's ``If-None-Match`` names the current answer to this request."""
        if not if_none_match:
            return False
        tag = self.etag(key)
        candidates = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return tag in candidates or "*" in candidates

    def get(self, key: str) -> Cached | None:
        found = self._entries.get(key)
        if found is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return found

    def put(self, key: str, answer: Cached, generation: int) -> None:
        """Keep ``answer`` if the data is still that of ``generation`` and it fits."""
        if generation != self.generation or len(answer.body) > self.max_bytes // 4:
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self._size -= len(old.body)
        self._entries[key] = answer
        self._size += len(answer.body)
        while self._size > self.max_bytes and self._entries:
            _k, dropped = self._entries.popitem(last=False)
            self._size -= len(dropped.body)

    def new_generation(self) -> None:
        """The data changed (or is changing): forget every answer; every ETag changes."""
        self.generation += 1
        self._entries.clear()
        self._size = 0

    def __len__(self) -> int:
        return len(self._entries)


def folder_stamp(folder: Path | None, pattern: str = "*.rq") -> str:
    """Names, sizes and modification times of the files in ``folder``: changes when any of them does."""
    if folder is None or not folder.is_dir():
        return ""
    parts = []
    for path in sorted(folder.glob(pattern)):
        try:
            st = path.stat()
        except OSError:
            continue
        parts.append(f"{path.name}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts)
