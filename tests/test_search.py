"""Find anything (issue 15.4): names, other names and codes, accent- and case-insensitive, a space or a plural tolerated.

The rules live in npdw_graph/web/search.py; the static portal's script (static/zoeken.js) applies the
same rules in the browser, which the browser test at the bottom compares query by query."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from npdw_graph.namespaces import DEFAULT_BASE
from npdw_graph.web.search import Entry, build_index, key, normalise, search, search_page, stem

ID = DEFAULT_BASE + "id/"


@pytest.fixture(scope="module")
def entries(graph):
    return build_index(graph, DEFAULT_BASE)


def first(entries, query: str) -> str:
    hits = search(query, entries, 1)
    assert hits, f"nothing found for {query!r}"
    return hits[0].entry.path


@pytest.mark.parametrize(("query", "page"), [
    ("wijkconcierge", "doc/inspanning/wijkconcierge.html"),
    ("Wijkconciërge", "doc/inspanning/wijkconcierge.html"),
    ("WIJKCONCIERGES", "doc/inspanning/wijkconcierge.html"),
    ("energiehulpen", "doc/inspanning/energiehulp.html"),
    ("energie hulp", "doc/inspanning/energiehulp.html"),
    ("Energiehulp", "doc/inspanning/energiehulp.html"),
    ("od-wonen-03", "doc/doel/od-wonen-03.html"),
    ("OD WONEN 03", "doc/doel/od-wonen-03.html"),
    ("trivire", "doc/organisatie/trivire.html"),
    ("wielwijk", "doc/gebied/wielwijk.html"),
])
def test_the_right_page_comes_first(entries, query, page, graph):
    iri = URIRef(ID + page[len("doc/"):-len(".html")])
    assert (iri, RDFS.label, None) in graph, f"the test's page {page} is not in the graph"
    assert first(entries, query) == page


def test_other_names_are_found(entries, graph):
    """Every skos:altLabel finds its resource among the first hits."""
    alts = [(s, str(o)) for s, o in graph.subject_objects(SKOS.altLabel) if str(s).startswith(ID) and isinstance(o, Literal)]
    assert len(alts) > 10
    for s, alt in alts:
        page = "doc/" + str(s)[len(ID):] + ".html"
        assert page in [h.entry.path for h in search(alt, entries, None)], (alt, page)


def test_normalising_is_accent_case_space_and_plural_blind():
    assert normalise("Wijkconciërge's") == "wijkconcierges"
    assert normalise("  Energie-Hulp!  ") == "energie hulp"
    assert stem("energiehulpen") == "energiehulp" and stem("concierges") == "concierge" and stem("ss") == "ss"
    assert key("Energie hulpen") == key("energiehulp") == key("ENERGIEHULP")
    assert key("gezond") == "gezond"  # short or non-plural words stay


def test_nothing_for_one_letter_or_nonsense(entries):
    assert search("a", entries) == []
    assert search("xqzxqzxqz", entries) == []


def test_ranking_prefers_the_name_to_another_name():
    by_name = Entry("Alpha", "doc/inspanning/a.html", "inspanning", (key("Alpha"),), ())
    by_alt = Entry("Beta", "doc/inspanning/b.html", "inspanning", (key("Beta"),), (key("Alpha"),))
    assert [h.entry.title for h in search("alpha", [by_alt, by_name])] == ["Alpha", "Beta"]


def test_live_search_page_shows_ranked_hits_as_text(entries):
    html = search_page(entries, "wijkconcierge")
    assert html.index("doc/inspanning/wijkconcierge.html") < html.index("doc/financiering/")
    hostile = Entry('<img src=x onerror="alert(1)">', "doc/inspanning/x.html", "inspanning", (key("kwaad"),), ())
    html = search_page([hostile], "kwaad")
    assert "<img src=x" not in html and "&lt;img src=x" in html
