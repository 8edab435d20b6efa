"""The figures every product shows, as plain Python values, from the named queries.

One semantic layer: the site, the network page, Bijlage 2 and the report take their numbers from
these functions, and these functions take them from ``queries/*.rq`` through the same code that
``npdw query`` uses (:mod:`npdw_graph.querylib` + :func:`npdw_graph.query.run_query` on an
:class:`~npdw_graph.queryengine.Engine`). Nothing here adds amounts or counts triples: totals,
counts and groups are computed by the queries; this module only turns their rows into dicts
(IRIs as ``str``, numbers as ``int`` or ``Decimal``, booleans as ``bool``, missing as ``None``)
and joins a query's rows to another's by IRI.

What the numbers mean (the queries' comments say the same, the README has the table):

- **Money flow** (*geldstroom*): an allocation that is not a mention of other money. A mention
  (``npdw:sameMoneyAs``, e.g. Energiehulp's € 624.321 in 4.2 and the chapter 12 row) counts once,
  at the allocation it names, and is listed as one of its citations. A part
  (``dcterms:isPartOf``) is not counted beside its whole.
- **totaal** = *toegekend* + *begroot*: amounts for Dordt West alone (``npdw:ScopeDordtWest``),
  totals over their period. *aangevraagd* (requested), *statusNietVermeld* and *perJaar* are
  separate numbers, never in *totaal*; *nietGenoemd* counts flows for which the source names no
  amount. Money for the whole municipality, the region or a national pot (``ScopeDordrecht``,
  ``ScopeRegion``, ``ScopeNational``: "landelijk budget, niet alleen voor Dordt West") is listed
  apart and never summed into an effort's, pillar's, wijk's or funder's total.
- **Efforts**: 101 = 64 in Bijlage 2 + 37 named only in the chapters. Per pillar, *hoofdpijler*
  (the effort's primary pillar; adds up to 101) and *raaktOok* (efforts of another pillar that
  touch this one) are two numbers, never added.
- **Baseline without a year**: a value Bijlage 3 prints without a year is a baseline observation with
  period 2024 (the baseline's reference year) and ``npdw:periodStatus npdw:PeriodNotStated``
  ("jaar niet vermeld"); :func:`baseline` gives ``jaarVermeld`` False and the reason.
- **In de wijk**: an effort is in a wijk when the source ties it to the wijk (``npdw:inArea`` the
  wijk or a buurt in it). Otherwise it is *Dordrecht breed* (``inArea gebied:dordrecht``) or *heel
  Dordt West* (``inArea gebied:dordt-west``): separate groups, never counted as "in de wijk".
"""

from __future__ import annotations

import functools
from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import BNode, Literal, URIRef

from npdw_graph.errors import NpdwError
from npdw_graph.namespaces import PREFIXES
from npdw_graph.query import run_query
from npdw_graph.queryengine import Engine
from npdw_graph.querylib import NamedQuery, load_library

QUERIES_DIR = Path(__file__).resolve().parent.parent / "queries"
SCOPE_DORDT_WEST = PREFIXES["npdw"] + "ScopeDordtWest"

Row = dict[str, Any]

# Dutch sentences that say what a figure counts; pages show them next to the number.
DEFINITIONS: dict[str, str] = {
    "inspanningen": "Alle inspanningen: die in Bijlage 2 staan en die alleen de hoofdstukken noemen.",
    "inBijlage2": "Inspanningen die in het schema van Bijlage 2 staan.",
    "alleenInHoofdstukken": "Inspanningen die de hoofdstukken beschrijven maar Bijlage 2 niet noemt.",
    "hoofdpijler": "Inspanningen met deze pijler als hoofdpijler; elke inspanning heeft er één.",
    "raaktOok": "Inspanningen van een andere hoofdpijler die ook deze pijler raken; niet opgeteld bij de hoofdpijler.",
    "in de wijk": "Inspanningen die de bron met deze wijk (of een buurt erin) verbindt.",
    "heel Dordt West": "Inspanningen voor heel Dordt West, niet aan één wijk gebonden; ook, maar niet alleen, voor deze wijk.",
    "Dordrecht breed": "Inspanningen voor heel Dordrecht; ook, maar niet alleen, voor deze wijk.",
    "posten": "Geldstromen, elk één keer geteld, ook als de bron ze op twee plekken noemt.",
    "toegekend": "Toegekend geld voor Dordt West alleen (totaal over de periode).",
    "begroot": "Begroot of beschikbaar geld voor Dordt West alleen (totaal over de periode).",
    "totaal": "Toegekend plus begroot geld voor Dordt West alleen; elke geldstroom één keer.",
    "aangevraagd": "Aangevraagd, nog niet toegekend; niet in het totaal.",
    "statusNietVermeld": "Bedragen waarvan de bron niet zegt of ze toegekend zijn; niet in het totaal.",
    "perJaar": "Bedragen per jaar; niet in het totaal.",
    "nietGenoemd": "Geldstromen waarvoor de bron geen bedrag noemt.",
    "landelijk": "Landelijk budget, niet alleen voor Dordt West: nooit opgeteld.",
    "dordrechtBreed": "Geld voor heel Dordrecht, niet alleen voor Dordt West: nooit opgeteld.",
    "regio": "Geld voor de regio, niet alleen voor Dordt West: nooit opgeteld.",
}


# The one definition of "in de wijk" as one sentence, for the pages of a wijk (site, network view, wijk report).
IN_DE_WIJK = ("Een inspanning hoort bij {wijk} als de bron haar aan {wijk} (of een buurt ervan) verbindt. Inspanningen voor heel "
              "Dordt West of heel Dordrecht staan apart, als tweede groep: ze gelden ook voor {wijk}, maar zijn niet van {wijk} alleen, "
              "en hun geld telt niet mee in het bedrag van de wijk.")


def wijk_definition(wijk: str) -> str:
    """The sentence that states the one definition of "in de wijk" for the wijk named ``wijk``."""
    return IN_DE_WIJK.format(wijk=wijk)


@functools.cache
def _library(queries_dir: Path) -> dict[str, NamedQuery]:
    return load_library(queries_dir)


def named_query(name: str, queries_dir: Path | None = None) -> NamedQuery:
    library = _library((queries_dir or QUERIES_DIR).resolve())
    if name not in library:
        raise NpdwError(f"no query named '{name}' in {queries_dir or QUERIES_DIR}")
    return library[name]


def python_value(term: Any) -> Any:
    """An rdflib term as a plain value: IRI -> str, number -> int or Decimal, boolean -> bool, text -> str."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, float):
            return Decimal(str(term))
        if isinstance(value, Decimal) and value == value.to_integral_value():
            return int(value)
        if isinstance(value, bool | int | Decimal):
            return value
        return str(term)
    return str(term)


def rows(engine: Engine, name: str, params: dict[str, str] | None = None, queries_dir: Path | None = None) -> list[Row]:
    """Run the named query ``name`` (as ``npdw query NAME --param k=v`` does) and return its rows as dicts."""
    result = run_query(named_query(name, queries_dir), engine, params or {})
    return [{v: python_value(t) for v, t in zip(result.variables, row, strict=True)} for row in result.rows]


def _one(found: list[Row], what: str) -> Row:
    if len(found) != 1:
        raise NpdwError(f"{what}: expected one row, the query gave {len(found)}")
    return found[0]


# ----------------------------------------------------------------------------- money


def effort_funding(engine: Engine, effort: str, queries_dir: Path | None = None) -> Row:
    """An effort's funding (queries financiering-van-inspanning, -posten and financiering-vermeldingen).

    Keys of the summary: posten, toegekend, begroot, totaal, aangevraagd, statusNietVermeld, perJaar,
    nietGenoemd (see the module docstring) and dordrechtBreed, regio, landelijk (the NUMBER of flows of
    those scopes: shared pots, never summed). ``posten_lijst`` holds each money flow once (keys of
    financiering-van-inspanning-posten: financiering, naam, regeling, bedrag, grondslag, reikwijdte, status,
    periode, soort, meetellen, vermeldingen, aanvraagVan, toegekendAls) with ``bronnen``, its citations
    (vermelding, paragraaf, regel, bedragZoalsGeschreven, periode). ``effort`` is a full or prefixed IRI.
    """
    summary = _one(rows(engine, "financiering-van-inspanning", {"inspanning": effort}, queries_dir), f"financiering van {effort}")
    summary["posten_lijst"] = effort_flows(engine, effort, queries_dir)
    return summary


def effort_flows(engine: Engine, effort: str | None = None, queries_dir: Path | None = None) -> list[Row]:
    """Each money flow of an effort (or of every effort when ``effort`` is None) once, with its citations."""
    params = {"inspanning": effort} if effort else {}
    flows = rows(engine, "financiering-van-inspanning-posten", params, queries_dir)
    cites: dict[tuple[str, str], list[Row]] = {}
    for c in rows(engine, "financiering-vermeldingen", params, queries_dir):
        cites.setdefault((c["inspanning"], c["financiering"]), []).append(c)
    for f in flows:
        f["bronnen"] = cites.get((f["inspanning"], f["financiering"]), [])
    return flows


def funding_by_effort(engine: Engine, queries_dir: Path | None = None) -> dict[str, Row]:
    """The summary of financiering-van-inspanning for every effort, keyed by the effort's IRI (one query)."""
    return {r["inspanning"]: r for r in rows(engine, "financiering-van-inspanning", queries_dir=queries_dir)}


def pillar_funding(engine: Engine, scope: str = SCOPE_DORDT_WEST, queries_dir: Path | None = None) -> list[Row]:
    """financiering-per-pijler: a partition of the money of ``scope``. One row per pillar (groep "pijler",
    money of only that pillar's efforts), then "meerdere pijlers", "geen inspanning" and "totaal"; the
    first seven rows add up to the totaal row."""
    return rows(engine, "financiering-per-pijler", {"reikwijdte": scope}, queries_dir)


def area_funding(engine: Engine, area: str | None = None, scope: str = SCOPE_DORDT_WEST, queries_dir: Path | None = None) -> list[Row]:
    """financiering-per-wijk: per wijk three rows (groep "in de wijk", "heel Dordt West", "Dordrecht breed");
    the rows of one wijk never count the same money twice. ``area`` limits it to one wijk."""
    params = {"reikwijdte": scope}
    if area:
        params["wijk"] = area
    return rows(engine, "financiering-per-wijk", params, queries_dir)


def funder_funding(engine: Engine, scope: str = SCOPE_DORDT_WEST, queries_dir: Path | None = None) -> list[Row]:
    """financiering-per-financier: a partition by funder ("meerdere financiers", "financier niet genoemd"),
    then the totaal row."""
    return rows(engine, "financiering-per-financier", {"reikwijdte": scope}, queries_dir)


def scheme_funding(engine: Engine, scope: str = SCOPE_DORDT_WEST, queries_dir: Path | None = None) -> list[Row]:
    """financiering-per-regeling: a partition by scheme, the last row "Totaal"."""
    return rows(engine, "financiering-per-regeling", {"reikwijdte": scope}, queries_dir)


def programme_funding(engine: Engine, scope: str = SCOPE_DORDT_WEST, queries_dir: Path | None = None) -> Row:
    """The totaal row of financiering-per-pijler: all money of ``scope``, each flow once."""
    return _one([r for r in pillar_funding(engine, scope, queries_dir) if r["groep"] == "totaal"], "financiering totaal")


# ----------------------------------------------------------------------------- counts


def effort_counts(engine: Engine, queries_dir: Path | None = None) -> Row:
    """aantallen-inspanningen: {totaal, inBijlage2, alleenInHoofdstukken}; totaal = the other two added."""
    return _one(rows(engine, "aantallen-inspanningen", queries_dir=queries_dir), "aantallen inspanningen")


def pillar_counts(engine: Engine, queries_dir: Path | None = None) -> list[Row]:
    """aantallen-inspanningen-per-pijler: per pillar hoofdpijler (with inBijlage2, alleenInHoofdstukken) and
    raaktOok, then a totaal row (hoofdpijler = all efforts; raaktOok = efforts touching another pillar)."""
    return rows(engine, "aantallen-inspanningen-per-pijler", queries_dir=queries_dir)


def efforts_in_area(engine: Engine, area: str, queries_dir: Path | None = None) -> list[Row]:
    """inspanningen-in-wijk: the efforts of a wijk with their groep ("in de wijk", "heel Dordt West",
    "Dordrecht breed"); efforts tied only to other wijken are not listed."""
    return rows(engine, "inspanningen-in-wijk", {"wijk": area}, queries_dir)


def area_counts(engine: Engine, area: str, queries_dir: Path | None = None) -> list[Row]:
    """aantallen-inspanningen-in-wijk: per pillar inDeWijk, heelDordtWest, dordrechtBreed (three separate
    numbers) and raaktOokInDeWijk, then a totaal row."""
    return rows(engine, "aantallen-inspanningen-in-wijk", {"wijk": area}, queries_dir)


# ----------------------------------------------------------------------------- monitor


def baseline(engine: Engine, area: str, queries_dir: Path | None = None) -> list[Row]:
    """nulmeting-van-gebied: the area's baseline observations (indicator, indicatorNaam, eenheid, waarde,
    waardeZoalsGeschreven, jaar, jaarVermeld, toelichting, meetbron, regel). jaarVermeld is False where the
    source prints no year; show the value as baseline with ``toelichting`` as the caveat."""
    return rows(engine, "nulmeting-van-gebied", {"gebied": area}, queries_dir)
