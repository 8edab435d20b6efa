"""The static site: a page per resource, alternates, card, indexes, ontology page, links that resolve, escaping."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pyoxigraph as ox
import pytest
from markupsafe import escape
from pyld import jsonld
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from npdw_graph.describe import describe, describe_triples
from npdw_graph.errors import NpdwError
from npdw_graph.namespaces import DEFAULT_BASE, NPDW
from npdw_graph.rdfterms import add_ox_triples, to_ox
from npdw_graph.site import is_web_iri, page_path, write_site

ID = DEFAULT_BASE + "id/"
ENERGIEHULP = URIRef(ID + "inspanning/energiehulp")


class Page(HTMLParser):
    """Collects links, ids, alternates and text of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.alternates: dict[str, str] = {}
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if "id" in a:
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if key in a:
                self.links.append(a[key])
        if tag == "link" and a.get("rel") == "alternate":
            self.alternates[a.get("type", "")] = a.get("href", "")

    def handle_data(self, data):
        self.text.append(data)


def parse_page(path: Path) -> Page:
    p = Page()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def rel(iri: URIRef, up: str = "../../") -> str:
    return f"{up}doc/{str(iri)[len(ID):]}.html"


def canonical(triples) -> frozenset:
    ds = ox.Dataset(ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph()) for s, p, o in triples)
    ds.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return frozenset(ds)


@pytest.fixture(scope="session")
def site(tmp_path_factory, graph) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    write_site(list(graph), out, DEFAULT_BASE)
    return out


@pytest.fixture(scope="session")
def pages(site) -> dict[Path, Page]:
    return {p: parse_page(p) for p in site.rglob("*.html")}


def test_every_resource_under_id_has_a_page_and_alternates(site, graph):
    iris = {t for triple in graph for t in (triple[0], triple[2]) if isinstance(t, URIRef) and str(t).startswith(ID)}
    assert len(iris) > 1000
    for iri in iris:
        page = page_path(site, str(iri), DEFAULT_BASE)
        assert page is not None and page.exists(), iri
        assert page.with_suffix(".ttl").exists() and page.with_suffix(".jsonld").exists(), iri


def test_pages_link_their_alternates(site, pages):
    page = pages[site / "doc" / "inspanning" / "energiehulp.html"]
    assert page.alternates == {"text/turtle": "energiehulp.ttl", "application/ld+json": "energiehulp.jsonld"}
    resource_pages = [p for p in pages if p.parent.parent.name == "doc" and p.name != "index.html"]
    assert all(len(pages[p].alternates) == 2 for p in resource_pages)


def test_link_checker_every_link_resolves_inside_the_site(site, pages):
    root = site.resolve()
    ids = {p.resolve(): page.ids for p, page in pages.items()}
    checked = 0
    for path, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme:
                assert parts.scheme in ("http", "https"), f"{path}: {link}"
                assert not link.startswith((DEFAULT_BASE + "id/", DEFAULT_BASE + "def/")), f"{path}: site IRI not linked to its page: {link}"
                continue
            target_part, fragment = parts.path, parts.fragment
            target = (path.parent / unquote(target_part)).resolve() if target_part else path.resolve()
            assert target.is_relative_to(root), f"{path}: {link} leaves the site"
            assert target.is_file(), f"{path}: broken link {link}"
            if fragment and target.suffix == ".html":
                assert fragment in ids[target], f"{path}: no anchor #{fragment} in {target_part}"
            checked += 1
    assert checked > 20000


def test_the_portal_network_is_the_interactive_page(site, graph):
    """netwerk/index.html is the network itself (not a list of files): its data, vis-network and netwerk.js, and every
    node with a page of its own points at a page that exists (the panel's "Naar de pagina van ..." link)."""
    from npdw_graph.network import build_network
    from npdw_graph.queryengine import OxigraphEngine

    page = (site / "netwerk" / "index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="netwerk-data">(.*?)</script>', page, re.S).group(1))
    project_root = Path(__file__).resolve().parent.parent
    net = build_network(OxigraphEngine.from_graph(graph), project_root / "queries")
    assert len(data["knopen"]) == net.number_of_nodes() > 300
    assert 'src="vis-network.min.js"' in page and 'src="../static/netwerk.js"' in page
    assert (site / "netwerk" / "vis-network.min.js").is_file() and (site / "static" / "netwerk.js").is_file()
    keys = [n["u"] for n in data["knopen"] if n.get("u")]
    assert "inspanning/energiehulp" in keys
    assert [k for k in keys if not (site / "doc" / f"{k}.html").is_file()] == []
    assert (site / "netwerk" / "pijler-wonen-en-fysieke-leefomgeving.html").is_file()


def test_alternates_are_the_description(site, graph):
    efforts = sorted(graph.subjects(RDF.type, NPDW.Effort))
    for iri in efforts:
        page = page_path(site, str(iri), DEFAULT_BASE)
        ttl = Graph().parse(page.with_suffix(".ttl"), format="turtle")
        assert canonical(ttl) == canonical(describe(graph, iri)), iri
    # rdflib's own isomorphism check on a few (it is slow on graphs with many blank nodes)
    for iri in efforts[:5] + [URIRef(ID + "organisatie/trivire"), URIRef(ID + "pijler/leefbaar-en-veilig")]:
        ttl = Graph().parse(page_path(site, str(iri), DEFAULT_BASE).with_suffix(".ttl"), format="turtle")
        assert isomorphic(ttl, describe(graph, iri)), iri


def test_jsonld_alternates_expand_without_network(site, graph):
    def refuse(url, options=None):
        raise RuntimeError(f"refused to fetch {url}")

    for iri in [ENERGIEHULP, URIRef(ID + "organisatie/trivire"), URIRef(ID + "financiering/energiehulp-1")]:
        path = page_path(site, str(iri), DEFAULT_BASE).with_suffix(".jsonld")
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert isinstance(doc["@context"], dict)
        nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": refuse})
        g = Graph()
        add_ox_triples(g, ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
        assert canonical(g) == canonical(describe(graph, iri)), iri


def test_effort_page_reads_as_a_practice_example(site, graph, pages):
    page = pages[site / "doc" / "inspanning" / "energiehulp.html"]
    text = " ".join(page.text)
    for heading in ("Praktijkvoorbeeld", "Wat", "Waarom", "Wie", "Met welk geld", "Waar", "Beoogde resultaten"):
        assert heading in text
    assert "€ 624.321" in text
    assert "genoemd" in text and "afgeleid" in text
    for org in graph.objects(ENERGIEHULP, NPDW.hasPartner):
        assert f"../../doc/organisatie/{str(org).rsplit('/', 1)[1]}.html" in page.links
    for goal in graph.objects(ENERGIEHULP, NPDW.contributesTo):
        assert f"../../doc/doel/{str(goal).rsplit('/', 1)[1]}.html" in page.links
    for result in graph.objects(ENERGIEHULP, NPDW.intendedResult):
        assert f"../../doc/resultaat/{str(result).rsplit('/', 1)[1]}.html" in page.links


def test_source_citation_names_section_and_line(site, graph, pages):
    for iri in [ENERGIEHULP, URIRef(ID + "financiering/energiehulp-1")]:
        page = pages[page_path(site, str(iri), DEFAULT_BASE)]
        text = " ".join(page.text)
        section = graph.value(iri, DCTERMS.source)
        line = graph.value(iri, NPDW.sourceLine)
        assert f"regel {line}" in text
        assert f"../../doc/sectie/{str(section).rsplit('/', 1)[1]}.html" in page.links


def test_inverse_links_and_stated_inferred_marks_on_organisation_page(site, graph, pages):
    trivire = URIRef(ID + "organisatie/trivire")
    page = pages[page_path(site, str(trivire), DEFAULT_BASE)]
    html = page_path(site, str(trivire), DEFAULT_BASE).read_text(encoding="utf-8")
    assert "Verwijzingen naar deze pagina" in html
    for s in graph.subjects(NPDW.hasPartner, trivire):
        assert rel(s) in page.links
    assert 'class="badge genoemd"' in html and 'class="badge afgeleid"' in html


def test_index_pages_per_type_and_per_pillar(site, graph, pages):
    types = {str(t).split("/")[5] for triple in graph for t in (triple[0], triple[2])
             if isinstance(t, URIRef) and str(t).startswith(ID)}
    for t in types:
        assert (site / "doc" / t / "index.html").exists(), t
    efforts_index = pages[site / "doc" / "inspanning" / "index.html"]
    listed = {link for link in efforts_index.links if link.startswith("../../doc/inspanning/") and not link.endswith("/index.html")}
    assert listed == {rel(e) for e in graph.subjects(RDF.type, NPDW.Effort)}
    pillars = set(graph.subjects(RDF.type, NPDW.Pillar))
    assert len(pillars) == 5
    home = pages[site / "index.html"]
    for pillar in pillars:
        overview = site / "pijlers" / f"{str(pillar).rsplit('/', 1)[1]}.html"
        assert f"pijlers/{overview.name}" in home.links
        links = pages[overview].links
        for effort in graph.subjects(NPDW.primaryPillar, pillar):
            assert f"../doc/inspanning/{str(effort).rsplit('/', 1)[1]}.html" in links
    assert "def/index.html" in home.links


def test_ontology_page_documents_every_term_in_both_languages(site, graph, pages):
    page = pages[site / "def" / "index.html"]
    terms = [s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(str(NPDW))
             and str(s) != str(NPDW)]
    assert len(terms) > 100
    for term in terms:
        assert str(term)[len(str(NPDW)):] in page.ids, term
    text = " ".join(page.text)
    for cls in graph.subjects(RDF.type, OWL.Class):
        for label in graph.objects(cls, RDFS.label):
            assert str(label) in text
    assert "inspanning" in text and "effort" in text


def test_nothing_is_loaded_from_elsewhere(site, pages):
    """Offline: stylesheets, scripts and images are files of the site itself; no inline handlers, no frames."""
    root = site.resolve()
    for path, page in pages.items():
        assert "iframe" not in page.tags, path
        for link in page.links:
            assert not link.startswith("//"), path
    for path in pages:
        html = path.read_text(encoding="utf-8")
        for tag, attr in re.findall(r"<(script|link|img)\b[^>]*?\b(?:src|href)=\"([^\"]*)\"", html):
            assert not urlsplit(attr).scheme, f"{path}: <{tag}> loads {attr}"
            assert (path.parent / attr).resolve().is_relative_to(root), f"{path}: {attr}"
        assert not re.search(r"\son[a-z]+=", html), f"{path}: inline event handler"


EVIL = '<script>alert("x")</script> " </textarea> {{ 7*7 }} ${7*7}'


def test_labels_are_data_never_markup(tmp_path):
    base = DEFAULT_BASE
    evil = URIRef(ID + "inspanning/kwaadaardig")
    other = URIRef(ID + "organisatie/o")
    g = Graph()
    g.add((evil, RDF.type, NPDW.Effort))
    g.add((evil, RDFS.label, Literal(EVIL, lang="nl")))
    g.add((evil, DCTERMS.description, Literal("</p><img src=x onerror=alert(1)>", lang="nl")))
    g.add((evil, RDFS.seeAlso, URIRef("javascript:alert(1)")))
    g.add((evil, RDFS.seeAlso, URIRef("https://example.org/a?b=1&c=2")))
    g.add((evil, RDFS.comment, Literal("javascript:alert(2)")))
    b = BNode()
    g.add((evil, NPDW.partnership, b))
    g.add((b, NPDW.organisation, other))
    g.add((b, NPDW.basis, NPDW.Stated))
    g.add((b, NPDW.evidence, Literal("<b>bold</b>", lang="nl")))
    g.add((other, RDFS.label, Literal('Org "quoted" & <em>', lang="nl")))
    write_site(list(g), tmp_path / "site", base)
    page_file = tmp_path / "site" / "doc" / "inspanning" / "kwaadaardig.html"
    html = page_file.read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "</textarea>" not in html
    assert "<img" not in html and "<b>bold" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert str(escape('<script>alert("x")</script>')) in html
    assert "{{ 7*7 }}" in html and "49" not in html
    page = parse_page(page_file)
    assert EVIL in " ".join(page.text)
    for link in page.links:
        assert not link.lower().startswith("javascript:"), link
        assert is_web_iri(link) or not urlsplit(link).scheme, link
    assert 'href="https://example.org/a?b=1&amp;c=2"' in html
    org_page = (tmp_path / "site" / "doc" / "organisatie" / "o.html").read_text(encoding="utf-8")
    assert str(escape('Org "quoted" & <em>')) in org_page
    assert "<title>" + EVIL not in org_page


def test_iris_that_cannot_be_pages_are_refused(tmp_path):
    g = Graph()
    g.add((URIRef(ID + "inspanning/../../etc"), RDFS.label, Literal("x")))
    with pytest.raises(NpdwError, match="cannot make a page"):
        write_site(list(g), tmp_path / "site", DEFAULT_BASE)
    assert not (tmp_path / "site").exists()


def test_site_under_another_base(tmp_path, graph):
    other = "https://data.example.org/npdw/"
    from npdw_graph.export import rebase_triples

    trivire = URIRef(ID + "organisatie/trivire")
    part = [t for t in graph if t[0] in (ENERGIEHULP, trivire) or isinstance(t[0], BNode)]
    write_site(list(dict.fromkeys(rebase_triples(part, other))), tmp_path / "site", other)
    html = (tmp_path / "site" / "doc" / "inspanning" / "energiehulp.html").read_text(encoding="utf-8")
    assert other + "id/inspanning/energiehulp" in html and DEFAULT_BASE not in html
    assert 'href="../../doc/organisatie/trivire.html"' in html
    ttl = Graph().parse(tmp_path / "site" / "doc" / "inspanning" / "energiehulp.ttl")
    assert (URIRef(other + "id/inspanning/energiehulp"), RDF.type, URIRef(other + "def/Effort")) in ttl


def test_describe_triples_reads_only_its_neighbourhood(graph):
    """The site builds every page from one index; a description touches only its own entries."""
    from npdw_graph.describe import GraphIndex

    index = GraphIndex(graph)
    calls: list[object] = []
    original = index.out

    def counting(node):
        calls.append(node)
        return original(node)

    index.out = counting  # type: ignore[method-assign]
    describe_triples(None, ENERGIEHULP, index)
    assert 0 < len(calls) < 200


def test_a_measurement_is_named_by_indicator_area_and_year(site, graph):
    """A measurement has no label of its own: its page and the links to it name it by indicator, area and period."""
    qb = "http://purl.org/linked-data/cube#"

    def nl(node):
        return next(str(o) for o in graph.objects(node, RDFS.label) if o.language in ("nl", None))

    observations = [o for o in graph.subjects(RDF.type, URIRef(qb + "Observation")) if graph.value(o, RDFS.label) is None]
    assert len(observations) > 50
    for obs in observations[:25]:
        ind, area, period = graph.value(obs, NPDW.indicator), graph.value(obs, NPDW.refArea), graph.value(obs, NPDW.refPeriod)
        expected = f"{nl(ind)}, {nl(area)}, {period}"
        page = page_path(site, str(obs), DEFAULT_BASE).read_text(encoding="utf-8")
        assert f"<h1>{escape(expected)}</h1>" in page, obs


def test_the_chain_names_every_money_flow_of_the_effort(site, graph):
    """The chain's Financiering box lists the effort's flows for Dordt West by name, also those without an amount
    (Wijkconciërge has two, neither with an amount: a bare '€ 0' said there was no money)."""
    scope = URIRef(str(NPDW) + "ScopeDordtWest")
    for slug in ("wijkconcierge", "energiehulp", "aanpak-slechte-energielabels"):
        effort = URIRef(ID + f"inspanning/{slug}")
        page = (site / "doc" / "inspanning" / f"{slug}.html").read_text(encoding="utf-8")
        box = page.split("<h2>Financiering</h2>", 1)[1].split("</div>", 1)[0]
        flows = {str(f) for f in graph.objects(effort, NPDW.hasFunding)
                 if (f, NPDW.scope, scope) in graph and graph.value(f, NPDW.sameMoneyAs) is None}
        assert flows, slug
        for f in flows:
            assert f'href="../../doc/financiering/{f.rsplit("/", 1)[1]}.html"' in box, (slug, f)
