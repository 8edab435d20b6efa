"""npdw export: every serialisation round-trips, JSON-LD without the network, CSVW, DCAT/VoID, --base."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
from click.testing import CliRunner
from pyld import jsonld
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from npdw_graph.cli import main
from npdw_graph.csvw import TABLES, tables_to_graph
from npdw_graph.dcat import DCAT_FILE, VOID_FILE, dataset_iri
from npdw_graph.describe import GraphIndex, blank_node_keys, skolemise
from npdw_graph.errors import NpdwError
from npdw_graph.export import CONTEXT_FILE, RDF_FILES, export, graph_iri, normalise_base, rebase_triples
from npdw_graph.namespaces import DCAT, DEFAULT_BASE, NPDW, VOID
from npdw_graph.rdfterms import add_ox_triples, to_ox, to_rdflib

ROOT = Path(__file__).resolve().parent.parent
OTHER_BASE = "https://data.example.org/dordt-west/"
SHAPES = ROOT / "shapes" / "metadata" / "dcat-void.ttl"


def canonical(triples) -> frozenset:
    """The graph with its blank nodes canonically relabelled (pyoxigraph, RDFC-style): equal sets <=> isomorphic graphs.

    rdflib.compare.isomorphic gives the same answer but needs about 35 s per graph of this size
    (about 1,000 blank nodes); it is used on the small per-resource graphs in test_site and test_describe.
    """
    ds = ox.Dataset(ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph()) for s, p, o in triples)
    ds.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return frozenset(ds)


def assert_same_graph(expected, actual, what: str) -> None:
    a, b = canonical(expected), canonical(actual)
    if a != b:
        missing = sorted(str(q) for q in a - b)[:5]
        extra = sorted(str(q) for q in b - a)[:5]
        pytest.fail(f"{what}: {len(a - b)} triple(s) missing, {len(b - a)} extra; e.g. missing {missing}, extra {extra}")


def no_network_loader(allowed_dir: Path, requested: list[str]):
    """A pyld document loader that serves files from ``allowed_dir`` and refuses everything else."""
    root = allowed_dir.resolve().as_uri() + "/"

    def load(url: str, options=None):
        requested.append(url)
        if not url.startswith(root):
            raise RuntimeError(f"refused to fetch {url}")
        path = Path(url[len("file://"):])
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
                "document": json.loads(path.read_text(encoding="utf-8"))}

    return load


def pyld_triples(path: Path, allowed_dir: Path, requested: list[str]) -> Graph:
    doc = json.loads(path.read_text(encoding="utf-8"))
    nquads = jsonld.to_rdf(doc, {"base": path.resolve().as_uri(), "format": "application/n-quads",
                                 "documentLoader": no_network_loader(allowed_dir, requested)})
    g = Graph()
    add_ox_triples(g, ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
    return g


@pytest.fixture(scope="session")
def validation(compiled) -> Graph:
    g = Graph()
    g.parse(data=compiled.report.to_turtle(), format="turtle")
    return g


@pytest.fixture(scope="session")
def exported(tmp_path_factory, project, graph, validation) -> Path:
    out = tmp_path_factory.mktemp("export") / "export"
    export(project, out_dir=out, graph=graph, validation=validation)
    return out


@pytest.fixture(scope="session")
def exported_other_base(tmp_path_factory, project, graph, validation) -> Path:
    out = tmp_path_factory.mktemp("export-base") / "export"
    export(project, out_dir=out, formats=("nt", "jsonld", "csv"), base=OTHER_BASE, graph=graph, validation=validation)
    return out


def test_export_writes_every_file(exported):
    names = {str(p.relative_to(exported)) for p in exported.rglob("*") if p.is_file()}
    expected = {*RDF_FILES.values(), CONTEXT_FILE, "schema-org.jsonld", DCAT_FILE, VOID_FILE, "csv/csv-metadata.json",
                *(f"csv/{t.file}" for t in TABLES)}
    assert expected <= names


def ox_graph(path: Path, fmt: ox.RdfFormat) -> list:
    return [(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)) for q in ox.parse(path=str(path), format=fmt)]


@pytest.mark.parametrize("fmt,parser", [("ttl", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES), ("rdfxml", ox.RdfFormat.RDF_XML),
                                        ("jsonld", "rdflib")])
def test_serialisation_parses_back_to_the_built_graph(exported, graph, fmt, parser):
    """Parsed by pyoxigraph (an independent parser), JSON-LD by rdflib (pyld gets its own test)."""
    if parser == "rdflib":
        g = list(Graph().parse(exported / RDF_FILES[fmt], format="json-ld"))
    else:
        g = ox_graph(exported / RDF_FILES[fmt], parser)
    assert len(set(g)) == len(graph)
    assert_same_graph(graph, g, RDF_FILES[fmt])


def test_trig_named_graphs_are_the_built_graph_plus_the_validation_report(exported, graph, validation):
    ds = Dataset()
    ds.parse(exported / RDF_FILES["trig"], format="trig")
    names = {g.identifier for g in ds.graphs() if len(g)}
    assert names == {graph_iri(DEFAULT_BASE, n) for n in ("ontologie", "programma", "monitor", "validatie")}
    union = [t for name in ("ontologie", "programma", "monitor") for t in ds.graph(graph_iri(DEFAULT_BASE, name))]
    assert len(union) == len(graph), "a triple is in two named graphs or in none"
    assert_same_graph(graph, union, "TriG minus the validation graph")
    assert_same_graph(validation, ds.graph(graph_iri(DEFAULT_BASE, "validatie")), "TriG validation graph")
    ontology = ds.graph(graph_iri(DEFAULT_BASE, "ontologie"))
    assert (NPDW.Effort, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in ontology
    monitor = ds.graph(graph_iri(DEFAULT_BASE, "monitor"))
    assert set(monitor.subjects(RDF.type, URIRef("http://purl.org/linked-data/cube#Observation")))


def test_jsonld_expanded_by_pyld_without_network_gives_the_same_triples(exported, graph):
    requested: list[str] = []
    g = pyld_triples(exported / RDF_FILES["jsonld"], exported, requested)
    assert_same_graph(graph, g, "JSON-LD via pyld")
    assert requested == [], "the context is inline: nothing, not even the local context file, is loaded"


def test_jsonld_stands_alone_without_base_or_document_loader(exported, graph):
    """As a file downloaded alone: pyld with no base IRI and a document loader that refuses everything."""
    def refuse(url, options=None):
        raise jsonld.JsonLdError(f"nothing may be loaded: {url}", "loading document failed")

    doc = json.loads((exported / RDF_FILES["jsonld"]).read_text(encoding="utf-8"))
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": refuse})
    g = Graph()
    add_ox_triples(g, ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
    assert_same_graph(graph, g, "JSON-LD via pyld without base")


def test_the_loader_really_refuses_remote_contexts(tmp_path):
    doc = tmp_path / "remote.jsonld"
    doc.write_text(json.dumps({"@context": "https://schema.org/", "name": "x"}), encoding="utf-8")
    requested: list[str] = []
    with pytest.raises(jsonld.JsonLdError):
        pyld_triples(doc, tmp_path, requested)
    assert requested == ["https://schema.org/"]


def test_jsonld_context_is_local_readable_and_typed(exported):
    ctx = json.loads((exported / CONTEXT_FILE).read_text(encoding="utf-8"))["@context"]
    doc = json.loads((exported / RDF_FILES["jsonld"]).read_text(encoding="utf-8"))
    inline = doc["@context"]
    assert isinstance(inline, dict) and len(inline) > 20, "the data file carries its context"
    assert {k: v for k, v in ctx.items() if k in inline} == inline, "the inline context is the reusable context.jsonld's"
    assert ctx["@language"] == "nl"
    assert ctx["contribution"] == {"@id": "npdw:contribution", "@type": "@id"}
    assert ctx["sourceLine"] == {"@id": "npdw:sourceLine", "@type": "xsd:integer"}
    assert ctx["amount"] == {"@id": "npdw:amount", "@type": "xsd:decimal"}
    assert ctx["Effort"] == "npdw:Effort"
    assert not any(isinstance(v, str) and v.startswith("http") and k.startswith("@") for k, v in ctx.items())
    effort = next(n for n in doc["@graph"] if n.get("id") == "inspanning:energiehulp")
    assert effort["type"] == "Effort"
    assert effort["label"] == "Energiehulp"
    assert all(c["type"] == "Contribution" and c["basis"] in ("npdw:Stated", "npdw:Inferred") for c in effort["contribution"])


def test_schema_org_view(exported, graph):
    requested: list[str] = []
    g = pyld_triples(exported / "schema-org.jsonld", exported, requested)
    assert requested == []
    S = "https://schema.org/"
    projects = set(g.subjects(RDF.type, URIRef(S + "Project")))
    assert projects == set(graph.subjects(RDF.type, NPDW.Effort))
    grants = set(g.subjects(RDF.type, URIRef(S + "MonetaryGrant")))
    assert grants == set(graph.subjects(RDF.type, NPDW.FundingAllocation))
    orgs = set(g.subjects(RDF.type, URIRef(S + "Organization")))
    partners = set(graph.objects(None, NPDW.hasPartner))
    assert partners <= orgs
    energiehulp = URIRef(DEFAULT_BASE + "id/inspanning/energiehulp")
    assert g.value(energiehulp, URIRef(S + "name")) == Literal("Energiehulp")
    assert set(g.objects(energiehulp, URIRef(S + "funding"))) == set(graph.objects(energiehulp, NPDW.hasFunding))
    grant = URIRef(DEFAULT_BASE + "id/financiering/energiehulp-1")
    money = g.value(grant, URIRef(S + "amount"))
    assert float(g.value(money, URIRef(S + "value"))) == float(graph.value(grant, NPDW.amount))
    assert str(g.value(money, URIRef(S + "currency"))) == "EUR"
    for mention, counted in graph.subject_objects(NPDW.sameMoneyAs):  # a mention says it is the same money (issue 16)
        assert g.value(mention, URIRef(S + "sameAs")) == counted
        assert "niet optellen" in str(g.value(mention, URIRef(S + "disambiguatingDescription")))
    assert list(graph.subject_objects(NPDW.sameMoneyAs))


def test_csv_tables_map_back_to_the_graph_through_csvw(exported, graph):
    from_csv = tables_to_graph(exported / "csv" / "csv-metadata.json")
    skolem = skolemise(graph, DEFAULT_BASE)
    missing = [t for t in from_csv if t not in skolem]
    assert not missing, f"{len(missing)} CSVW triple(s) not in the graph, e.g. {missing[:3]}"
    # completeness of the key columns: every effort's pillar, every contribution's goal and basis
    assert len(from_csv) > 5000
    for table, cls in (("inspanningen.csv", NPDW.Effort), ("bijdragen.csv", NPDW.Contribution),
                       ("partnerschappen.csv", NPDW.Partnership), ("financiering.csv", NPDW.FundingAllocation)):
        with (exported / "csv" / table).open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        assert len(rows) == len(set(graph.subjects(RDF.type, cls))), table
    contributions = {(s, o) for s, o in graph.subject_objects(NPDW.contributesTo)}
    assert {(s, o) for s, o in from_csv.subject_objects(NPDW.contributesTo)} == contributions
    stated = sum(1 for b in graph.subjects(RDF.type, NPDW.Contribution) if graph.value(b, NPDW.basis) == NPDW.Stated)
    assert sum(1 for _ in from_csv.subjects(NPDW.basis, NPDW.Stated)) >= stated


def test_csvw_metadata_names_every_column(exported):
    meta = json.loads((exported / "csv" / "csv-metadata.json").read_text(encoding="utf-8"))
    for table in meta["tables"]:
        with (exported / "csv" / table["url"]).open(encoding="utf-8", newline="") as f:
            header = next(csv.reader(f))
        declared = [c["name"] for c in table["tableSchema"]["columns"] if not c.get("virtual")]
        assert header == declared
        for col in table["tableSchema"]["columns"]:
            assert col.get("suppressOutput") or col["propertyUrl"].startswith("http"), col


def test_csvw_header_cells_are_the_column_titles_and_names_are_allowed(exported):
    """CSVW: a processor matching header cells by title must find every column; no name starts with '_'."""
    meta = json.loads((exported / "csv" / "csv-metadata.json").read_text(encoding="utf-8"))
    for table in meta["tables"]:
        with (exported / "csv" / table["url"]).open(encoding="utf-8", newline="") as f:
            header = next(csv.reader(f))
        columns = table["tableSchema"]["columns"]
        titles = [c["titles"] if isinstance(c["titles"], list) else [c["titles"]] for c in columns if not c.get("virtual")]
        assert len(titles) == len(header), table["url"]
        assert all(cell in t for cell, t in zip(header, titles, strict=True)), (table["url"], header, titles)
        for c in columns:
            assert not c["name"].startswith("_") and all(ch.isalnum() or ch in "_.%" for ch in c["name"]), c["name"]
            if not c.get("virtual"):
                assert c["dc:title"]["@language"] == "nl" and c["dc:title"]["@value"], c  # the Dutch description stays


def test_csvw_passes_the_independent_validator(exported):
    """``csvwvalidate`` (PyPI ``csvw``, a processor this project does not use) reads every table through the metadata."""
    validator = Path(sys.executable).parent / "csvwvalidate"
    assert validator.exists(), "install the test extra: pip install -e '.[test]'"
    run = subprocess.run([str(validator), "-v", "csv-metadata.json"], cwd=exported / "csv", capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and run.stdout.strip() == "OK", run.stdout + run.stderr


def test_the_independent_validator_really_checks(tmp_path, exported):
    """The same validator refuses a broken copy (a wrong decimal, a name starting with '_'), so its OK means something."""
    validator = Path(sys.executable).parent / "csvwvalidate"
    copy = tmp_path / "csv"
    shutil.copytree(exported / "csv", copy)
    meta = json.loads((copy / "csv-metadata.json").read_text(encoding="utf-8"))
    meta["tables"][0]["tableSchema"]["columns"][1]["name"] = "_naam"
    (copy / "csv-metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    run = subprocess.run([str(validator), "csv-metadata.json"], cwd=copy, capture_output=True, text=True, timeout=300)
    assert run.returncode != 0 and "FAIL" in run.stdout


def _validate_metadata(data: Graph) -> tuple[bool, str]:
    shapes = Graph().parse(SHAPES)
    conforms, _g, text = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    return conforms, text


def test_dcat_and_void_conform_to_their_shapes(exported):
    for name in (DCAT_FILE, VOID_FILE):
        conforms, text = _validate_metadata(Graph().parse(exported / name))
        assert conforms, f"{name}:\n{text}"


def test_metadata_shapes_can_fail(exported):
    dcat = Graph().parse(exported / DCAT_FILE)
    dcat.remove((None, DCAT.byteSize, None))
    dcat.remove((dataset_iri(DEFAULT_BASE), DCAT.contactPoint, None))
    conforms, text = _validate_metadata(dcat)
    assert not conforms and "byteSize" in text and "contactPoint" in text
    void = Graph().parse(exported / VOID_FILE)
    void.remove((None, VOID.sparqlEndpoint, None))
    assert not _validate_metadata(void)[0]


def test_distributions_have_the_real_byte_sizes_and_checksums(exported):
    dcat = Graph().parse(exported / DCAT_FILE)
    spdx = "http://spdx.org/rdf/terms#"
    described = {}
    for dist in dcat.objects(dataset_iri(DEFAULT_BASE), DCAT.distribution):
        url = str(dcat.value(dist, DCAT.downloadURL))
        rel = url[len(DEFAULT_BASE + "export/"):]
        data = (exported / rel).read_bytes()
        assert int(dcat.value(dist, DCAT.byteSize)) == len(data), rel
        checksum = dcat.value(dist, URIRef(spdx + "checksum"))
        assert str(dcat.value(checksum, URIRef(spdx + "checksumValue"))) == hashlib.sha256(data).hexdigest(), rel
        described[rel] = str(dcat.value(dist, DCAT.mediaType))
    files = {str(p.relative_to(exported)) for p in exported.rglob("*") if p.is_file() and not p.name.startswith(".")}
    assert set(described) == files - {DCAT_FILE, VOID_FILE}
    assert described["npdw.ttl"].endswith("/text/turtle")
    assert described["npdw.jsonld"].endswith("/application/ld+json")
    assert described["csv/inspanningen.csv"].endswith("/text/csv")


def test_void_counts_match_the_graph(exported, graph):
    void = Graph().parse(exported / VOID_FILE)
    ds = dataset_iri(DEFAULT_BASE)
    assert int(void.value(ds, VOID.triples)) == len(graph)
    per_class = {row.cls: int(row.n) for row in graph.query("SELECT ?cls (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?cls } GROUP BY ?cls")}
    partitions = {void.value(p, VOID["class"]): int(void.value(p, VOID.entities)) for p in void.objects(ds, VOID.classPartition)}
    assert partitions == per_class
    assert partitions[NPDW.Effort] == len(set(graph.subjects(RDF.type, NPDW.Effort)))
    per_property = Counter(p for _s, p, _o in graph)
    props = {void.value(p, VOID.property): int(void.value(p, VOID.triples)) for p in void.objects(ds, VOID.propertyPartition)}
    assert props == dict(per_property)
    assert int(void.value(ds, VOID.classes)) == len(per_class)
    ids = {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(DEFAULT_BASE + "id/")}
    assert int(void.value(ds, VOID.entities)) == len(ids)
    assert str(void.value(ds, VOID.uriSpace)) == DEFAULT_BASE + "id/"
    assert URIRef(str(NPDW)) in set(void.objects(ds, VOID.vocabulary))
    subsets = sum(int(void.value(s, VOID.triples)) for s in void.objects(ds, VOID.subset))
    assert subsets == len(graph)
    for example in void.objects(ds, VOID.exampleResource):
        assert (example, None, None) in graph


def test_dcat_record_content(exported, graph):
    dcat = Graph().parse(exported / DCAT_FILE)
    ds = dataset_iri(DEFAULT_BASE)
    assert dcat.value(ds, URIRef("http://purl.org/dc/terms/publisher")) == URIRef(DEFAULT_BASE + "id/organisatie/gemeente-dordrecht")
    themes = set(dcat.objects(ds, DCAT.theme))
    assert set(graph.subjects(RDF.type, NPDW.Pillar)) <= themes
    period = dcat.value(ds, URIRef("http://purl.org/dc/terms/temporal"))
    start, end = dcat.value(period, DCAT.startDate), dcat.value(period, DCAT.endDate)
    assert start.datatype == XSD.gYear and int(str(start)) <= 2024 and int(str(end)) >= 2043


# --------------------------------------------------------------------------- --base


def test_base_moves_every_iri_under_the_base_and_nothing_else(exported_other_base, graph):
    moved = ox_graph(exported_other_base / RDF_FILES["nt"], ox.RdfFormat.N_TRIPLES)
    assert len(set(moved)) == len(graph)
    iris = {t for triple in moved for t in triple if isinstance(t, URIRef)}
    assert not [i for i in iris if str(i).startswith(DEFAULT_BASE)]
    assert any(str(i).startswith(OTHER_BASE + "def/") for i in iris) and any(str(i).startswith(OTHER_BASE + "id/") for i in iris)
    others_before = {t for triple in graph for t in triple if isinstance(t, URIRef) and not str(t).startswith(DEFAULT_BASE)}
    others_after = {i for i in iris if not str(i).startswith(OTHER_BASE)}
    assert others_before == others_after
    literals = Counter(t for triple in graph for t in triple if isinstance(t, Literal))
    assert Counter(t for triple in moved for t in triple if isinstance(t, Literal)) == literals

    def back(t):
        return URIRef(DEFAULT_BASE + str(t)[len(OTHER_BASE):]) if isinstance(t, URIRef) and str(t).startswith(OTHER_BASE) else t

    assert_same_graph(graph, [(back(s), back(p), back(o)) for s, p, o in moved], "rebased graph mapped back")


def test_base_reaches_jsonld_csv_and_metadata(exported_other_base, graph):
    ctx = json.loads((exported_other_base / CONTEXT_FILE).read_text(encoding="utf-8"))["@context"]
    assert ctx["npdw"] == OTHER_BASE + "def/" and ctx["inspanning"] == OTHER_BASE + "id/inspanning/"
    g = pyld_triples(exported_other_base / RDF_FILES["jsonld"], exported_other_base, [])
    assert len(g) == len(graph)
    text = "".join(p.read_text(encoding="utf-8") for p in exported_other_base.rglob("*") if p.suffix in (".csv", ".json", ".ttl", ".jsonld"))
    # the one literal that spells the default namespace (vann:preferredNamespaceUri) stays: literals never change
    text = text.replace(f'"preferredNamespaceUri": "{DEFAULT_BASE}def/"', "")
    assert DEFAULT_BASE not in text
    rows = list(csv.DictReader((exported_other_base / "csv" / "bijdragen.csv").open(encoding="utf-8", newline="")))
    assert rows and all(r["id"].startswith(OTHER_BASE + ".well-known/genid/") for r in rows)
    void = Graph().parse(exported_other_base / VOID_FILE)
    assert str(void.value(dataset_iri(OTHER_BASE), VOID.uriSpace)) == OTHER_BASE + "id/"


@pytest.mark.parametrize("bad", ["ftp://example.org/", "javascript:alert(1)//", "https://exa mple.org/", "https://example.org/a#b", "npdw"])
def test_bad_base_is_refused(bad):
    with pytest.raises(NpdwError):
        normalise_base(bad)


def test_base_gets_a_final_slash():
    assert normalise_base("https://example.org/npdw") == "https://example.org/npdw/"
    assert normalise_base(None) == DEFAULT_BASE


def test_cli_bad_base_exits_2_with_one_line(tmp_path):
    result = CliRunner().invoke(main, ["--root", str(ROOT), "export", "--base", "ftp://x/", "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "--base" in result.output


@pytest.mark.parametrize("command", ["export", "site"])
def test_cli_help(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0 and "--base" in result.output and "--out" in result.output


def test_export_refuses_to_replace_a_foreign_folder(tmp_path, project, graph, validation):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(NpdwError, match="not written by npdw"):
        export(project, out_dir=foreign, formats=("nt",), graph=graph, validation=validation)
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_skolem_keys_are_stable_and_base_independent(graph):
    keys = blank_node_keys(GraphIndex(graph), DEFAULT_BASE)
    again = blank_node_keys(GraphIndex(list(graph)), DEFAULT_BASE)
    moved = blank_node_keys(GraphIndex(rebase_triples(graph, OTHER_BASE)), OTHER_BASE)
    assert set(keys.values()) == set(again.values()) == set(moved.values())
    bnodes = {t for triple in graph for t in triple if isinstance(t, BNode)}
    assert len(set(keys.values())) == len(bnodes), "two blank nodes got the same key"
