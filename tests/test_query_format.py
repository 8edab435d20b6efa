"""How `npdw query` prints results: labels instead of IRIs, numbers in one form, valid CSV/JSON."""

from __future__ import annotations

import csv
import io
import json

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from npdw_graph.query import format_result
from npdw_graph.queryengine import SelectResult

GOAL = URIRef("https://w3id.org/npdw/id/doel/od-gezond-08")
LABELS = {str(GOAL): "In 2043 is de instroom ... gelijk aan Dordrecht."}


def test_iri_shows_its_label_in_a_table():
    result = SelectResult(["doel"], [(GOAL,)])
    table = format_result(result, "table", LABELS, width=200)
    assert "In 2043 is de instroom" in table and "od-gezond-08" not in table


def test_iri_shows_compact_name_when_its_label_is_already_a_column():
    result = SelectResult(["doel", "tekst"], [(GOAL, Literal(LABELS[str(GOAL)]))])
    table = format_result(result, "table", LABELS, width=200)
    assert "doel:od-gezond-08" in table and table.count("In 2043 is de instroom") == 1


def test_decimals_print_the_same_whatever_the_engine_wrote():
    rows = [(Literal("624321.00", datatype=XSD.decimal),), (Literal("14.50", datatype=XSD.decimal),)]
    text = format_result(SelectResult(["bedrag"], rows), "csv")
    assert text.splitlines() == ["bedrag", "624321", "14.5"]


def test_csv_and_json_are_machine_readable():
    rows = [(GOAL, Literal('met "quotes", komma', lang="nl"))]
    result = SelectResult(["doel", "tekst"], rows)
    parsed = list(csv.reader(io.StringIO(format_result(result, "csv"))))
    assert parsed == [["doel", "tekst"], [str(GOAL), 'met "quotes", komma']]
    data = json.loads(format_result(result, "json"))
    assert data["head"]["vars"] == ["doel", "tekst"]
    assert data["results"]["bindings"][0]["tekst"] == {"type": "literal", "value": 'met "quotes", komma', "xml:lang": "nl"}
