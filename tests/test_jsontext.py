"""jsontext.dumps writes what json.dumps(..., ensure_ascii=False, indent=n) writes, to the byte."""

from __future__ import annotations

import json

import pytest

from npdw_graph import jsontext
from npdw_graph.export import dump_json

DOCS = [
    {},
    [],
    "",
    {"a": [], "b": {}, "c": [{}], "d": [[], [[]]]},
    {"@context": {"@language": "nl", "x": {"@id": "npdw:x", "@language": None}}, "@graph": [{"id": "a", "n": [1, 2.5, -0.0]}]},
    {"quote\"back\\slash": "tab\tnewline\ncontrol\x01 é ü ✓ 𝄞 \u2028", "t": True, "f": False, "z": None},
    [1e300, float("inf"), float("-inf"), 10**30, 0.1],
    ("tuple", ["nested", ("deep",)]),
    {3: "int key", None: "null key", True: "bool key", 2.5: "float key"},
    {"a": {"b": {"c": {"d": ["e", {"f": "g"}]}}}},
]


@pytest.mark.parametrize("indent", [1, 2, 4])
@pytest.mark.parametrize("doc", DOCS)
def test_same_text_as_the_standard_library(doc: object, indent: int) -> None:
    assert jsontext.dumps(doc, indent) == json.dumps(doc, ensure_ascii=False, indent=indent)


def test_nan_like_the_standard_library() -> None:
    assert jsontext.dumps([float("nan")], 1) == json.dumps([float("nan")], ensure_ascii=False, indent=1)


def test_what_json_refuses_is_refused() -> None:
    with pytest.raises(TypeError):
        jsontext.dumps({"a": object()}, 1)
    with pytest.raises(TypeError):
        jsontext.dumps({"a": {1, 2}}, 1)


def test_dump_json_of_the_real_site_documents() -> None:
    """JSON-LD alternates of the real programme's site (every 7th resource): the bytes json.dumps gives."""
    from npdw_graph.build import compile_project
    from npdw_graph.describe import describe_triples
    from npdw_graph.export import rebase_triples, to_jsonld
    from npdw_graph.namespaces import DEFAULT_BASE
    from npdw_graph.project import find_project
    from npdw_graph.site import Site

    graph = compile_project(find_project(), validate=False).graph
    site = Site(list(dict.fromkeys(rebase_triples(graph, DEFAULT_BASE))), DEFAULT_BASE)
    docs = 0
    for iri in list(site.pages)[::7]:
        doc = to_jsonld(list(dict.fromkeys(describe_triples(None, iri, site.index))), site.context)
        assert dump_json(doc) == (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        docs += 1
    assert docs > 100
