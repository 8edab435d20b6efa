"""One number everywhere (issue 16): every product is built once, and for a sample of figures the query result,
the site's page, the network's JSON and the report show the same number.

The expected value of each figure is the named query's answer (npdw_graph.figures, as ``npdw query`` gives it);
each product's number is parsed out of the HTML or JSON it wrote, never taken from the code that wrote it.
Energiehulp's total is also checked against the source text: the chapter 12 amount, once.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SOURCE_TEXT_MISSING, source_text

from npdw_graph import figures
from npdw_graph.cli import main
from npdw_graph.namespaces import NPDW
from npdw_graph.network import generate
from npdw_graph.queryengine import OxigraphEngine
from npdw_graph.report import build_report, render_html
from npdw_graph.site import build_site

ID = "https://w3id.org/npdw/id/"
ENERGIEHULP = ID + "inspanning/energiehulp"
WIELWIJK = ID + "gebied/wielwijk"


# ------------------------------------------------------------------ parsing what the products wrote


def euro_value(text: str) -> int:
    """``€ 18.573.449`` -> 18573449 (the Dutch notation every product writes)."""
    m = re.search(r"€\s?(\d{1,3}(?:\.\d{3})*)(?:,(\d{2}))?(?!\d)", text)
    assert m, f"no euro amount in {text!r}"
    assert m.group(2) in (None, "00"), f"amount with cents in {text!r}"
    return int(m.group(1).replace(".", ""))


def plain(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def by_class(page: str, tag: str, cls: str) -> list[str]:
    """The text of every ``<tag class="... cls ...">`` (no nesting of the same tag inside)."""
    return [plain(m) for m in re.findall(rf'<{tag}\b[^>]*class="[^"]*\b{re.escape(cls)}\b[^"]*"[^>]*>(.*?)</{tag}>', page, re.S)]


def one(values: list[str], what: str) -> str:
    assert len(values) == 1, f"{what}: expected one, found {values}"
    return values[0]


def network_data(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="netwerk-data">(.*?)</script>', text, re.S)
    assert m, f"no network data in {path}"
    return json.loads(m.group(1))


def node(data: dict, label: str, kind: str) -> dict:
    found = [n for n in data["knopen"] if n["l"] == label and n["t"] == kind]
    assert len(found) == 1, f"{kind} {label!r}: {len(found)} nodes"
    return found[0]


def headline_parts(text: str) -> tuple[int, int, int]:
    """``€ 624.321 voor Dordt West (toegekend € 624.321, begroot € 0)`` -> (totaal, toegekend, begroot)."""
    m = re.fullmatch(r"(€ [\d.]+) voor Dordt West \(toegekend (€ [\d.]+), begroot (€ [\d.]+)\)", text)
    assert m, f"unexpected money headline {text!r}"
    return euro_value(m.group(1)), euro_value(m.group(2)), euro_value(m.group(3))


def report_card(page: str, title: str) -> dict[str, str]:
    """A summary card of the report (``<div class="kaart pijlerkaart">``): its ``dt`` -> ``dd`` texts."""
    for card in re.findall(r'<div class="kaart pijlerkaart">(.*?)</div>', page, re.S):
        if plain(re.search(r"<h3>(.*?)</h3>", card, re.S).group(1)) == title:  # type: ignore[union-attr]
            return {plain(dt): plain(dd) for dt, dd in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", card, re.S)}
    raise AssertionError(f"no summary card {title!r} in the report")


def card_value(card: dict[str, str], start: str) -> str:
    found = [v for k, v in card.items() if k.startswith(start)]
    assert len(found) == 1, f"card entry starting {start!r}: {card}"
    return found[0]


# ------------------------------------------------------------------ every product, built once


@pytest.fixture(scope="module")
def engine(graph):
    return OxigraphEngine.from_graph(graph)


@pytest.fixture(scope="module")
def products(project, graph, engine, tmp_path_factory):
    root = tmp_path_factory.mktemp("products")
    network = generate(engine, project.queries_dir, root, out_dir=root / "network").out_dir
    site = build_site(project, out_dir=root / "site", graph=graph, export_dir=root / "no-export", network_dir=network).out_dir
    report = render_html(build_report(graph, engine=engine, queries_dir=project.queries_dir))
    wijk_out = root / "report"
    result = CliRunner().invoke(main, ["--root", str(project.root), "report", "--wijk", "Wielwijk", "--out", str(wijk_out)])
    assert result.exit_code == 0, result.output
    wijk_report = (wijk_out / "verantwoording-wielwijk.html").read_text(encoding="utf-8")
    return {"site": site, "network": network, "report": report, "wijk_report": wijk_report}


@pytest.fixture(scope="module")
def pillars(engine):
    """Per pillar (IRI): its name, slug, counts (aantallen-inspanningen-per-pijler) and money (financiering-per-pijler)."""
    counts = {r["pijler"]: r for r in figures.pillar_counts(engine) if r["groep"] == "pijler"}
    money = {r["pijler"]: r for r in figures.pillar_funding(engine) if r["groep"] == "pijler"}
    assert counts.keys() == money.keys() and len(counts) == 5
    return {p: {"name": counts[p]["pijlerNaam"], "slug": p.rsplit("/", 1)[-1], "counts": counts[p], "money": money[p]} for p in counts}


def page(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


# ------------------------------------------------------------------ each pillar: money and counts


def test_each_pillars_money_is_the_same_in_query_site_network_and_report(products, pillars):
    nets = [network_data(products["network"] / "netwerk.html"), network_data(products["site"] / "netwerk" / "index.html")]
    for p in pillars.values():
        money = p["money"]
        expected = (int(money["totaal"] or 0), int(money["toegekend"] or 0), int(money["begroot"] or 0))
        assert expected[0] == expected[1] + expected[2]
        site = page(products["site"], f"pijlers/{p['slug']}.html")
        assert euro_value(one(by_class(site, "strong", "geld-totaal"), p["name"])) == expected[0], p["name"]
        parts = re.search(r"\(toegekend (€ [\d.]+), begroot (€ [\d.]+)\)", plain(site))
        assert parts and (euro_value(parts.group(1)), euro_value(parts.group(2))) == expected[1:], p["name"]
        for net in nets:  # npdw network's page and the portal's netwerk/
            assert headline_parts(node(net, p["name"], "pijler")["geld"]["totaal"]) == expected, p["name"]
        card = report_card(products["report"], p["name"])
        assert euro_value(card_value(card, "Toegekend geld")) == expected[1], p["name"]


def test_each_pillars_counts_hoofdpijler_and_raakt_ook_are_the_same_everywhere(products, pillars):
    net = network_data(products["network"] / "netwerk.html")
    primary = {p["name"]: 0 for p in pillars.values()}
    for n in net["knopen"]:
        if n["t"] == "inspanning":
            primary[net["pijlers"][n["p"]]["naam"]] += 1
    for p in pillars.values():
        c = p["counts"]
        site = page(products["site"], f"pijlers/{p['slug']}.html")
        assert int(one(by_class(site, "strong", "aantal-hoofdpijler"), p["name"])) == c["hoofdpijler"], p["name"]
        assert int(one(by_class(site, "strong", "aantal-raakt-ook"), p["name"])) == c["raaktOok"], p["name"]
        assert f"Inspanningen van deze pijler ({c['hoofdpijler']})" in plain(site)
        assert primary[p["name"]] == c["hoofdpijler"], p["name"]  # the network's efforts at their primary pillar
        card = report_card(products["report"], p["name"])
        assert int(card_value(card, "Inspanningen (hoofdpijler)")) == c["hoofdpijler"], p["name"]
        assert int(card_value(card, "Raken deze pijler ook")) == c["raaktOok"], p["name"]
    assert sum(p["counts"]["hoofdpijler"] for p in pillars.values()) == sum(primary.values())
    analysis = {r["iri"]: r for r in csv.DictReader(io.StringIO((products["network"] / "analyse-deelnetwerken.csv").read_text(encoding="utf-8")))}
    for iri, p in pillars.items():  # the network analysis' pillar subnetworks: the two numbers apart
        assert (int(analysis[iri]["hoofdpijler"]), int(analysis[iri]["raakt ook"])) == (p["counts"]["hoofdpijler"], p["counts"]["raaktOok"])


# ------------------------------------------------------------------ Bijlage 2 and all efforts


def test_number_of_efforts_in_bijlage_2_is_the_same_everywhere(products, engine):
    counts = figures.effort_counts(engine)
    assert counts["totaal"] == counts["inBijlage2"] + counts["alleenInHoofdstukken"]
    for path in (products["site"] / "bijlage-2" / "index.html", products["network"] / "bijlage-2.html"):
        text = path.read_text(encoding="utf-8")
        assert int(one(by_class(text, "strong", "aantal-bijlage2"), str(path))) == counts["inBijlage2"]
        assert len(re.findall(r'<td class="getal">\d+</td>', text)) == counts["inBijlage2"]  # one row per effort
    listing = page(products["site"], "inspanningen/index.html")
    assert int(one(by_class(listing, "strong", "aantal-inspanningen"), "effort list")) == counts["totaal"]
    assert f"{counts['inBijlage2']} in het schema van Bijlage 2 en {counts['alleenInHoofdstukken']} die alleen de hoofdstukken" in plain(listing)
    assert (f"{counts['totaal']} inspanningen: {counts['inBijlage2']} in Bijlage 2 en {counts['alleenInHoofdstukken']} die alleen de "
            "hoofdstukken noemen") in plain(products["report"])
    net = network_data(products["network"] / "netwerk.html")
    assert sum(1 for n in net["knopen"] if n["t"] == "inspanning") == counts["totaal"]


# ------------------------------------------------------------------ Energiehulp


@pytest.fixture(scope="module")
def chapter_12_amount() -> int:
    """Energiehulp's money in the source: the chapter 12 row of 'Aanpak energiearmoede' (read with a regular expression)."""
    path = source_text()
    if path is None:
        pytest.skip(SOURCE_TEXT_MISSING)
    text = path.read_text(encoding="utf-8")
    rows = re.findall(r"^Aanpak energiearmoede\s+€\s?(\d{1,3}(?:\.\d{3})+),-", text, re.M)
    assert len(rows) == 1, rows
    return int(rows[0].replace(".", ""))


def test_energiehulp_total_is_the_same_once_everywhere(products, engine, chapter_12_amount):
    summary = figures.effort_funding(engine, ENERGIEHULP)
    total = int(summary["totaal"])
    assert total == chapter_12_amount == 624_321  # the fact of the source, not twice (1.248.642), not with the pot (36,2 mln)
    site = page(products["site"], "doc/inspanning/energiehulp.html")
    shown = [euro_value(t) for t in by_class(site, "strong", "geld-totaal")]
    assert shown == [total]
    dl = plain(re.search(r'<dl class="geldtotalen">(.*?)</dl>', site, re.S).group(1))  # type: ignore[union-attr]
    assert euro_value(dl.split("Totaal voor Dordt West", 1)[1]) == total
    for wrong in ("€ 1.248.642", "€ 35.624.321", "36,2"):
        assert wrong not in plain(site)
    for net in (network_data(products["site"] / "netwerk" / "index.html"), network_data(products["network"] / "netwerk.html")):
        assert headline_parts(node(net, "Energiehulp", "inspanning")["geld"]["totaal"])[0] == total
    rows = re.findall(r'<tr><td data-label="Inspanning">Energiehulp</td><td class="getal" data-label="Toegekend">(.*?)</td>', products["report"])
    assert rows and {euro_value(r) for r in rows} == {int(summary["toegekend"])} and int(summary["begroot"]) == 0
    for text in (json.dumps(net, ensure_ascii=False), products["report"]):
        assert "€ 1.248.642" not in text
    scheme = next(r for r in figures.scheme_funding(engine) if r.get("regelingIri") == ID + "regeling/aanpak-energiearmoede")
    assert int(scheme["totaal"]) == total  # the scheme's money for Dordt West is Energiehulp's, once
    scheme_page = page(products["site"], "doc/regeling/aanpak-energiearmoede.html")
    assert [euro_value(t) for t in by_class(scheme_page, "strong", "geld-totaal")] == [total]


def test_the_nplv_pot_is_shown_on_energiehulps_page_as_national_and_not_summed(products, engine):
    flows = figures.effort_flows(engine, ENERGIEHULP)
    national = [f for f in flows if f["reikwijdte"] == str(NPDW.ScopeNational)]
    assert len(national) == 1 and not national[0]["meetellen"]
    pot = national[0]
    site = page(products["site"], "doc/inspanning/energiehulp.html")
    section = site.split("Gedeelde budgetten, niet opgeteld", 1)
    assert len(section) == 2, "the page lists no shared budgets"
    item = plain(section[1].split("</ul>", 1)[0])
    assert pot["naam"] in item and euro_value(item) == int(pot["bedrag"])
    assert "landelijk budget, niet alleen voor Dordt West" in item
    own = plain(section[0].split("Met welk geld", 1)[1])
    assert f"€ {int(pot['bedrag']):,}".replace(",", ".") not in own  # not in the Dordt West table or totals


# ------------------------------------------------------------------ the efforts in Wielwijk


def test_the_number_of_efforts_in_wielwijk_is_the_same_everywhere(products, engine):
    totaal = next(r for r in figures.area_counts(engine, WIELWIJK) if r["groep"] == "totaal")
    listed = figures.efforts_in_area(engine, WIELWIJK)
    expected = {"in de wijk": totaal["inDeWijk"], "heel Dordt West": totaal["heelDordtWest"], "Dordrecht breed": totaal["dordrechtBreed"]}
    assert expected == {g: sum(1 for r in listed if r["groep"] == g) for g in expected}
    assert 0 < expected["in de wijk"] < figures.effort_counts(engine)["totaal"]

    site = page(products["site"], "doc/gebied/wielwijk.html")
    for group, n in expected.items():
        section = re.search(rf'<section class="wijkgroep" data-groep="{group}">(.*?)</section>', site, re.S)
        assert section, group
        assert int(one(by_class(section.group(1), "span", "aantal"), group)) == n
        assert len(re.findall(r"<li>", section.group(1))) == n
        assert figures.DEFINITIONS[group] in plain(section.group(1))  # the definition stated on the page

    analysis = {r["iri"]: r for r in csv.DictReader(io.StringIO((products["network"] / "analyse-deelnetwerken.csv").read_text(encoding="utf-8")))}
    assert int(analysis[WIELWIJK]["inspanningen"]) == expected["in de wijk"]  # the network analysis' wijk subnetwork

    listing = page(products["site"], "inspanningen/index.html")
    facet = re.search(r'<section class="facet" data-facet="wijk">(.*?)</section>', listing, re.S)
    counts = {plain(a): int(n) for a, n in re.findall(r'<a [^>]*>(.*?)</a> <span class="aantal">(\d+)</span>', facet.group(1))}  # type: ignore[union-attr]
    assert counts["Wielwijk"] == expected["in de wijk"]  # the effort list's wijk filter

    for path in (products["network"] / "wijk-wielwijk.html", products["site"] / "netwerk" / "wijk-wielwijk.html"):
        view = network_data(path)
        drawn = {n["iri"] for n in view["knopen"] if n["t"] == "inspanning"}
        assert drawn == {r["inspanning"] for r in listed if r["groep"] == "in de wijk"}, path
        groups = {g["groep"]: g for g in view["wijk"]["groepen"]}
        assert {g: groups[g]["aantal"] for g in expected} == expected, path
        assert all(groups[g]["definitie"] == figures.DEFINITIONS[g] for g in expected)
        shown = plain(re.search(r'<section id="wijkgroepen".*?</section>', path.read_text(encoding="utf-8"), re.S).group(0))  # type: ignore[union-attr]
        assert f"In Wielwijk: {expected['in de wijk']} inspanningen" in shown and figures.DEFINITIONS["in de wijk"] in shown
        assert figures.wijk_definition("Wielwijk") in shown
    assert figures.wijk_definition("Wielwijk") in plain(site)  # the one sentence on the site's wijk page,
    assert figures.wijk_definition("Wielwijk") in plain(products["wijk_report"])  # in the network view (above) and the report

    summary = plain(products["wijk_report"])
    m = re.search(r"(\d+) inspanningen horen bij Wielwijk; (\d+) gelden voor heel Dordt West en (\d+) voor heel Dordrecht", summary)
    assert m and tuple(int(x) for x in m.groups()) == (expected["in de wijk"], expected["heel Dordt West"], expected["Dordrecht breed"])
    per_pillar = {r["pijlerNaam"]: r for r in figures.area_counts(engine, WIELWIJK) if r["groep"] == "pijler"}
    for name, r in per_pillar.items():
        card = report_card(products["wijk_report"], name)
        assert int(card_value(card, "Inspanningen in Wielwijk")) == r["inDeWijk"], name
        assert card_value(card, "Voor heel Dordt West") == f"{r['heelDordtWest']} / {r['dordrechtBreed']}", name


# ------------------------------------------------------------------ the printed baseline in the wijk report


def test_the_wielwijk_report_shows_the_woningvoorraad_and_mantelzorg_baselines(products, engine):
    baseline = figures.baseline(engine, WIELWIJK)
    wanted = [r for r in baseline if re.search(r"woningvoorraad|mantelzorg", r["indicatorNaam"], re.I)]
    names = {r["indicatorNaam"].lower() for r in wanted}
    assert any("mantelzorg" in n for n in names) and sum("woningvoorraad" in n for n in names) >= 3, names
    text = plain(products["wijk_report"])
    for r in wanted:
        at = text.find(r["indicatorNaam"])
        assert at >= 0, f"{r['indicatorNaam']} not in the Wielwijk report"
        whole, _, fraction = f"{Decimal(str(r['waarde'])):f}".partition(".")
        shown = f"{int(whole):,}".replace(",", ".") + ("," + fraction.rstrip("0") if fraction.rstrip("0") else "")  # Dutch notation
        row = text[at:].split("Wielwijk ", 1)[1][:80]
        assert row.startswith(shown), f"{r['indicatorNaam']}: baseline {shown} expected, the report shows {row!r}"
        if not r["jaarVermeld"]:
            assert "(jaar niet vermeld)" in row, row


# ------------------------------------------------------------------ every effort's money


def test_every_efforts_total_is_the_same_on_its_page_and_in_the_network(products, engine):
    """Not only the sample: for every effort with money, its page and its network node show the query's total, and a
    shared pot (landelijk, regio, Dordrecht breed) is listed on the page apart, never in the Dordt West part."""
    net = {n["iri"]: n for n in network_data(products["network"] / "netwerk.html")["knopen"] if n["t"] == "inspanning"}
    flows: dict[str, list[dict]] = {}
    for f in figures.effort_flows(engine):
        flows.setdefault(f["inspanning"], []).append(f)
    checked = 0
    for effort, summary in figures.funding_by_effort(engine).items():
        if not summary["posten"]:
            continue
        site = page(products["site"], "doc/" + effort[len(ID):] + ".html")
        assert [euro_value(t) for t in by_class(site, "strong", "geld-totaal")] == [int(summary["totaal"] or 0)], effort
        headline = net[effort]["geld"]["totaal"]
        if summary["totaal"]:
            assert headline_parts(headline)[0] == int(summary["totaal"]), effort
        else:
            assert "€" not in headline, (effort, headline)  # "Geen toegekend of begroot bedrag voor Dordt West genoemd"
        own, _, shared = site.partition("Gedeelde budgetten, niet opgeteld")
        own = plain(own.split("Met welk geld", 1)[1])
        for f in flows[effort]:
            if f["reikwijdte"] != figures.SCOPE_DORDT_WEST:
                assert shared and f["naam"] in plain(shared), (effort, f["naam"])
                if f["bedrag"] is not None and f["bedrag"] != summary["totaal"]:
                    assert f"€ {int(f['bedrag']):,}".replace(",", ".") not in own, (effort, f["naam"])
        checked += 1
    assert checked >= 30


# ------------------------------------------------------------------ the CSV download


def test_a_reader_who_adds_up_the_funding_csv_by_its_column_notes_gets_the_programme_total(graph, engine, tmp_path):
    """financiering.csv says per row what not to add (zelfde_geld_als, toegekend_als, deel_van, the reikwijdte): a reader
    who adds the Dordt West totals it leaves gets the query's total for the programme, each money flow once."""
    from npdw_graph.csvw import write_tables
    from npdw_graph.describe import GraphIndex

    write_tables(GraphIndex(list(graph)), tmp_path, "https://w3id.org/npdw/")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "financiering.csv").read_text(encoding="utf-8"))))
    amount = {r["id"]: r["bedrag"] for r in rows}
    total = Decimal(0)
    for r in rows:
        if not (r["bedrag"] and r["reikwijdte"].endswith("ScopeDordtWest") and r["bedragsgrondslag"].endswith("Total")
                and r["status"].rsplit("/", 1)[-1] in ("Awarded", "Budgeted")):
            continue
        if r["zelfde_geld_als"] or any(amount.get(w) for w in r["deel_van"].split()):
            continue  # a mention of money counted at another row, or a part of a whole that has its own amount
        total += Decimal(r["bedrag"])
    assert total == figures.programme_funding(engine)["totaal"] > 0
