"""Find anything: one search over names, other names (``skos:altLabel``) and codes (``od-wonen-03``).

The static portal (``zoeken/index.html`` with ``static/zoeken.js``) and the live server
(``/zoeken?q=``) rank with the same rules; the index entries carry their normalised keys, so
the browser only has to normalise the query. Matching is accent- and case-insensitive and
tolerant of a space and of a Dutch plural: ``wijkconcierge`` finds *Wijkconciërge*,
``energiehulpen`` and ``energie hulp`` find *Energiehulp*.

Rules (mirrored line by line in ``static/zoeken.js``; ``tests/test_search.py`` checks both agree):

1. ``normalise``: Unicode NFKD without marks (category M), lower case, apostrophes dropped,
   every run of other characters than a-z and 0-9 one space.
2. ``stem``: a word of more than four letters loses a final ``en``; else a word of more than
   three letters loses a final ``s`` (not ``ss``). Applied to the query and to the names alike.
3. ``key``: the stemmed words joined without spaces (so a space in the query does not matter).
4. A name scores 100 if its key equals the query's, 80 if it starts with it, 60 if it contains
   it, 40 if it contains every stemmed word of the query; another name (altLabel) five less.
5. Ties: efforts first, then organisations, goals, schemes, areas, ...; then the shorter name,
   then alphabetical.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from npdw_graph.describe import GraphIndex, Triple

_APOSTROPHES = re.compile(r"['\u2019\u2018`]")
_OTHER = re.compile(r"[^0-9a-z]+")
# Type segment of doc/<type>/<slug>.html -> rank in the results (lower first) and the Dutch name shown.
TYPE_RANK: dict[str, int] = {"inspanning": 0, "organisatie": 1, "doel": 2, "regeling": 3, "gebied": 4, "pijler": 5, "indicator": 6,
                             "woningbouwproject": 7, "document": 8, "sectie": 9}
TYPE_NAME: dict[str, str] = {"inspanning": "inspanning", "organisatie": "organisatie", "doel": "doel", "regeling": "regeling",
                             "gebied": "gebied", "pijler": "pijler", "indicator": "indicator", "woningbouwproject": "woningbouwproject",
                             "document": "projectdocument", "sectie": "sectie", "financiering": "financiering",
                             "resultaat": "beoogd resultaat", "randvoorwaarde": "randvoorwaarde", "observatie": "meting",
                             "participatie": "participatie", "functie": "functie", "tegenstrijdigheid": "tegenstrijdigheid",
                             "opgave": "urgente opgave", "rol": "partnerrol", "organisatietype": "organisatietype",
                             "tabel": "tabel", "dataset": "dataset", "programma": "programma"}
MIN_QUERY = 2
ALT_PENALTY = 5


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")).lower()
    return _OTHER.sub(" ", _APOSTROPHES.sub("", plain)).strip()


def stem(word: str) -> str:
    if len(word) > 4 and word.endswith("en"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    return [stem(w) for w in normalise(text).split()]


def key(text: str) -> str:
    return "".join(words(text))


@dataclass(frozen=True)
class Entry:
    """One findable page: its title, path under the portal root, kind, and the keys it is found by."""

    title: str
    path: str
    kind: str
    names: tuple[str, ...]  # keys of the label(s): full score
    others: tuple[str, ...]  # keys of other names and codes
    also: tuple[str, ...] = ()  # other names as written, shown in the result

    def to_json(self) -> dict[str, object]:
        return {"t": self.title, "u": self.path, "s": self.kind, "n": list(self.names), "o": list(self.others), "a": list(self.also)}


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: int


def _score_key(k: str, qk: str, qwords: list[str]) -> int:
    if not k:
        return 0
    if k == qk:
        return 100
    if k.startswith(qk):
        return 80
    if qk in k:
        return 60
    if qwords and all(w in k for w in qwords):
        return 40
    return 0


def score(entry: Entry, query: str) -> int:
    qk, qwords = key(query), words(query)
    if len(qk) < MIN_QUERY:
        return 0
    best = max((_score_key(k, qk, qwords) for k in entry.names), default=0)
    other = max((_score_key(k, qk, qwords) for k in entry.others), default=0)
    return max(best, other - ALT_PENALTY if other else 0)


def search(query: str, entries: Iterable[Entry], limit: int | None = 50) -> list[Hit]:
    """The entries that match ``query``, best first (the order of rule 5 among equals)."""
    hits = [Hit(e, s) for e in entries if (s := score(e, query)) > 0]
    hits.sort(key=lambda h: (-h.score, TYPE_RANK.get(h.entry.kind, 99), len(h.entry.title), h.entry.title.casefold(), h.entry.path))
    return hits if limit is None else hits[:limit]


def build_index(triples: Iterable[Triple] | GraphIndex, base: str) -> list[Entry]:
    """One entry per page ``doc/<type>/<slug>.html`` of a resource with a label."""
    index = triples if isinstance(triples, GraphIndex) else GraphIndex(triples)
    id_ns = base + "id/"
    entries = []
    for node in index.subjects():
        if not isinstance(node, URIRef) or not str(node).startswith(id_ns):
            continue
        rest = str(node)[len(id_ns):]
        if rest.count("/") != 1:
            continue
        kind, slug = rest.split("/")
        labels = [str(o) for p in (RDFS.label, SKOS.prefLabel) for o in index.values(node, p) if isinstance(o, Literal)]
        if not labels:
            continue
        alts = sorted({str(o) for o in index.values(node, SKOS.altLabel) if isinstance(o, Literal)})
        codes = [slug] + [str(o) for p in (SKOS.notation, DCTERMS.identifier) for o in index.values(node, p) if isinstance(o, Literal)]
        title = index.label(node)
        entries.append(Entry(
            title=title, path=f"doc/{kind}/{slug}.html", kind=kind,
            names=tuple(dict.fromkeys(key(x) for x in [title, *labels])),
            others=tuple(dict.fromkeys(k for k in (key(x) for x in [*alts, *codes]) if k)),
            also=tuple(alts),
        ))
    entries.sort(key=lambda e: e.path)
    return entries


def kind_name(kind: str) -> str:
    return TYPE_NAME.get(kind, kind)


PAGE = "zoeken/index.html"


def search_page(entries: list[Entry], query: str = "", *, page_path: str = PAGE, embed_index: bool = False, limit: int = 50) -> str:
    """The search page (template ``zoeken.html``). Live (``/zoeken?q=``): the hits ranked here. Static:
    ``embed_index`` puts the index in the page and ``static/zoeken.js`` ranks in the browser by the same rules."""
    from npdw_graph.web import render

    hits = search(query, entries, limit) if query and not embed_index else None
    return render("zoeken.html", page_path=page_path, title="Zoeken", query_text=query, hits=hits,
                  index=[e.to_json() for e in entries] if embed_index else None, kinds=TYPE_NAME)


__all__ = ["Entry", "Hit", "build_index", "search", "search_page", "score", "normalise", "stem", "key", "words", "kind_name"]
