"""``npdw report``: the yearly accountability view of the programme, in Dutch.

Per pillar and operational goal: the efforts that contribute (status, partners, funding) and
the indicators that measure the goal, each with its baseline (Bijlage 3), latest value, the
Dordrecht reference, the distance to the 2043 target and the trend, plus a chart across the
four wijken and Dordrecht. The figures are computed here from the graph, the target taken as
data (``npdw:target`` on the goal); Markdown (charts as SVG files beside it) or one
self-contained HTML page, written to ``dist/report/``.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.term import Identifier

from npdw_graph.atomic import atomic_write_text, exclusive_lock, staged_directory
from npdw_graph.charts import Series, bar_chart, nl_number
from npdw_graph.errors import NpdwError
from npdw_graph.namespaces import ID, PREFIXES
from npdw_graph.project import Project
from npdw_graph.queryengine import OxigraphEngine

AREA_NS = str(ID) + "gebied/"
PILLAR_NS = str(ID) + "pijler/"
WIJKEN = tuple(URIRef(AREA_NS + s) for s in ("oud-krispijn", "nieuw-krispijn", "wielwijk", "crabbehof"))
DORDT_WEST = URIRef(AREA_NS + "dordt-west")
DORDRECHT = URIRef(AREA_NS + "dordrecht")
FORMATS = ("md", "html")
MAX_YEARS_IN_CHART = 4
DIRECTION_NL = {"HigherIsBetter": "hoger is beter", "LowerIsBetter": "lager is beter", "NoDirection": "geen richting"}

# Trend verdicts (stable keys; Dutch words, as the report shows them).
IMPROVED, WORSENED, UNCHANGED, ROSE, FELL = "verbeterd", "verslechterd", "gelijk gebleven", "gestegen", "gedaald"
NO_BASELINE, NO_FOLLOW_UP = "geen nulmeting", "nog geen vervolgmeting"

# ----------------------------------------------------------------- model


@dataclass(frozen=True)
class Obs:
    value: Decimal
    year: int
    status: str  # local name: Baseline, Measurement, Provisional, Context
    source: str

    def text(self) -> str:
        return f"{nl_number(self.value)} ({self.year})"


@dataclass(frozen=True)
class Target:
    kind: str  # EqualToReference | Below | AtLeast | ReductionAgainstBase
    value: Decimal | None = None
    base_year: int | None = None
    reference_area: URIRef | None = None
    year: int | None = None
    note: str = ""
    reference_label: str = "Dordrecht"


@dataclass(frozen=True)
class Gap:
    text: str
    difference: Decimal | None = None  # the computed distance (see distance_to_target)
    reached: bool | None = None


@dataclass(frozen=True)
class Trend:
    verdict: str
    text: str
    change: Decimal | None = None


@dataclass
class AreaFigures:
    area: URIRef
    label: str
    is_reference: bool
    baseline: Obs | None
    latest: Obs | None
    reference: Obs | None
    gap: Gap | None
    trend: Trend


@dataclass
class IndicatorView:
    iri: URIRef
    label: str
    unit: str
    direction: str  # HigherIsBetter | LowerIsBetter | NoDirection
    source: str
    rows: list[AreaFigures] = field(default_factory=list)
    chart: str | None = None  # SVG

    @property
    def slug(self) -> str:
        return str(self.iri).rsplit("/", 1)[-1]

    @property
    def has_data(self) -> bool:
        return any(r.latest is not None for r in self.rows)


@dataclass
class FundingLine:
    label: str
    amount: Decimal | None
    basis: str
    status: str
    scheme: str


@dataclass
class EffortLine:
    iri: URIRef
    label: str
    status: str
    basis: str  # genoemd | afgeleid
    partners: list[str]
    funding: list[FundingLine]
    areas: list[str]


@dataclass
class GoalSection:
    iri: URIRef
    label: str
    target: Target | None
    efforts: list[EffortLine]
    indicators: list[IndicatorView]

    @property
    def code(self) -> str:
        return str(self.iri).rsplit("/", 1)[-1]


@dataclass
class PillarSection:
    iri: URIRef
    label: str
    goals: list[GoalSection]


@dataclass
class Report:
    generated: date
    area: URIRef
    area_label: str
    pillar: URIRef | None
    pillars: list[PillarSection]
    latest_year: int | None

    @property
    def slug(self) -> str:
        name = f"verantwoording-{str(self.area).rsplit('/', 1)[-1]}"
        return name + (f"-{str(self.pillar).rsplit('/', 1)[-1]}" if self.pillar else "")

    @property
    def title(self) -> str:
        scope = "heel Dordt West" if self.area == DORDT_WEST else self.area_label
        pillar = f", pijler {self.pillars[0].label}" if self.pillar is not None and self.pillars else ""
        return f"Verantwoording Nationaal Programma Dordt West: {scope}{pillar}"

    def goals(self) -> list[GoalSection]:
        return [g for p in self.pillars for g in p.goals]

    def find_indicator(self, goal: str, indicator: str) -> IndicatorView:
        for g in self.goals():
            if g.code == goal:
                for i in g.indicators:
                    if i.slug == indicator:
                        return i
        raise KeyError(f"{goal} / {indicator}")


# ------------------------------------------------------------ computation


def _unit_of_difference(unit: str) -> str:
    return "procentpunt" if unit == "%" else unit


def _amount(d: Decimal, unit: str) -> str:
    return f"{nl_number(d)} {_unit_of_difference(unit)}".rstrip()


def distance_to_target(target: Target | None, direction: str, unit: str, latest: Obs | None, reference: Obs | None,
                       base: Obs | None, reference_label: str = "Dordrecht") -> Gap:
    """How far the latest value is from the goal's 2043 target.

    EqualToReference: value minus the reference area's value (reached when at least as good,
    given the direction). Below / AtLeast: the difference to the threshold. ReductionAgainstBase:
    the value the reduction asks for is computed from the base-year value of the same area.
    """
    if target is None:
        return Gap("geen streefwaarde als getal")
    if latest is None:
        return Gap("geen meting")
    if target.kind == "EqualToReference":
        if reference is None:
            return Gap(f"referentiewaarde {reference_label} ontbreekt")
        diff = latest.value - reference.value
        where = (f"{nl_number(diff, signed=True)} {_unit_of_difference(unit)} t.o.v. {reference_label} "
                 f"({nl_number(reference.value)} in {reference.year})")
        if direction == "HigherIsBetter":
            reached = diff >= 0
        elif direction == "LowerIsBetter":
            reached = diff <= 0
        else:
            reached = diff == 0
        how = "gehaald" if reached else "nog niet gehaald"
        return Gap(f"{where.replace('  ', ' ')}: {how} ({DIRECTION_NL.get(direction, direction)})", diff, reached)
    if target.value is None:
        return Gap("streefgetal ontbreekt")
    if target.kind == "Below":
        diff = latest.value - target.value
        if diff < 0:
            return Gap(f"gehaald: {_amount(-diff, unit)} onder de grens van {nl_number(target.value)}", diff, True)
        return Gap(f"nog {_amount(diff, unit)} te gaan: moet onder {nl_number(target.value)}", diff, False)
    if target.kind == "AtLeast":
        diff = target.value - latest.value
        if diff <= 0:
            return Gap(f"gehaald: minimaal {nl_number(target.value)} (nu {nl_number(latest.value)})", diff, True)
        return Gap(f"nog {_amount(diff, unit)} te gaan tot minimaal {nl_number(target.value)}", diff, False)
    if target.kind == "ReductionAgainstBase":
        if base is None:
            return Gap(f"basiswaarde ontbreekt (geen meting in basisjaar {target.base_year})")
        goal = base.value * (Decimal(100) - target.value) / Decimal(100)
        diff = latest.value - goal
        what = f"doel {nl_number(goal)} ({nl_number(target.value)}% onder {nl_number(base.value)} in {base.year})"
        if diff <= 0:
            return Gap(f"gehaald: {what}", diff, True)
        return Gap(f"nog {_amount(diff, unit)} te gaan: {what}", diff, False)
    return Gap(f"onbekende soort streefwaarde ({target.kind})")


def trend(direction: str, baseline: Obs | None, latest: Obs | None) -> Trend:
    """Latest against baseline, read with the indicator's direction."""
    if baseline is None:
        return Trend(NO_BASELINE, NO_BASELINE)
    if latest is None or latest.year <= baseline.year:
        return Trend(NO_FOLLOW_UP, NO_FOLLOW_UP)
    change = latest.value - baseline.value
    since = f"{nl_number(change, signed=True)} sinds {baseline.year}"
    if change == 0:
        return Trend(UNCHANGED, f"{UNCHANGED} sinds {baseline.year}", change)
    if direction == "NoDirection":
        verdict = ROSE if change > 0 else FELL
    elif (change > 0) == (direction == "HigherIsBetter"):
        verdict = IMPROVED
    else:
        verdict = WORSENED
    return Trend(verdict, f"{verdict} ({since})", change)


# ------------------------------------------------------------ the queries

_GOALS = """
SELECT ?pillar ?pillarLabel ?pillarShort ?pillarOrder ?goal ?goalLabel ?goalOrder ?kind ?targetValue ?baseYear ?refArea ?targetYear ?note WHERE {
  ?goal a npdw:OperationalGoal ; rdfs:label ?goalLabel ; npdw:inPillar ?pillar .
  ?pillar rdfs:label ?pillarLabel .
  OPTIONAL { ?pillar npdw:sortOrder ?pillarOrder } OPTIONAL { ?pillar npdw:shortName ?pillarShort }
  OPTIONAL { ?goal npdw:sortOrder ?goalOrder }
  OPTIONAL {
    ?goal npdw:target ?t . ?t npdw:targetType ?kind .
    OPTIONAL { ?t npdw:targetValue ?targetValue } OPTIONAL { ?t npdw:baseYear ?baseYear }
    OPTIONAL { ?t npdw:referenceArea ?refArea } OPTIONAL { ?t npdw:targetYear ?targetYear }
    OPTIONAL { ?t rdfs:comment ?note }
  }
}"""
_EFFORTS = """
SELECT ?goal ?effort ?label ?statusLabel ?basisLabel WHERE {
  ?effort npdw:contribution ?c ; rdfs:label ?label . ?c npdw:goal ?goal .
  OPTIONAL { ?c npdw:basis/rdfs:label ?basisLabel . FILTER(lang(?basisLabel) = "nl") }
  OPTIONAL { ?effort npdw:status/rdfs:label ?statusLabel . FILTER(lang(?statusLabel) = "nl") }
}"""
_PARTNERS = """
SELECT DISTINCT ?effort ?label WHERE { ?effort a npdw:Effort ; npdw:partnership/npdw:organisation ?org . ?org rdfs:label ?label . }"""
_FUNDING = """
SELECT ?effort ?f ?label ?amount ?basis ?statusLabel ?schemeLabel WHERE {
  ?effort a npdw:Effort ; npdw:hasFunding ?f . ?f rdfs:label ?label .
  OPTIONAL { ?f npdw:amount ?amount } OPTIONAL { ?f npdw:amountBasis ?basis }
  OPTIONAL { ?f npdw:allocationStatus/rdfs:label ?statusLabel . FILTER(lang(?statusLabel) = "nl") }
  OPTIONAL { ?f npdw:scheme/rdfs:label ?schemeLabel }
}"""
_EFFORT_AREAS = """SELECT ?effort ?area WHERE { ?effort a npdw:Effort ; npdw:inArea ?area . }"""
_AREAS = """
SELECT ?area ?label ?parent WHERE {
  ?area rdfs:label ?label ; a/rdfs:subClassOf* npdw:Area .
  OPTIONAL { ?area npdw:partOfArea ?parent }
}"""
_INDICATORS = """
SELECT ?goal ?ind ?label ?unit ?direction ?source WHERE {
  ?ind a npdw:Indicator ; npdw:measuresGoal ?goal ; rdfs:label ?label ; npdw:unit ?unit .
  OPTIONAL { ?ind npdw:direction ?direction } OPTIONAL { ?ind npdw:indicatorSource ?source }
}"""
_OBSERVATIONS = """
SELECT ?ind ?area ?period ?value ?status ?source WHERE {
  ?o a qb:Observation ; npdw:indicator ?ind ; npdw:refArea ?area ; npdw:refPeriod ?period ; npdw:value ?value .
  OPTIONAL { ?o npdw:observationStatus ?status } OPTIONAL { ?o npdw:observationSource ?source }
}"""


def _local(term: Identifier | None) -> str:
    return "" if term is None else str(term).rstrip("/").rsplit("/", 1)[-1]


def _number(term: Identifier | None, what: str) -> Decimal:
    """A numeric literal as a Decimal; an ill-typed one (``"abc"^^xsd:decimal``) is one clear error, not a traceback."""
    try:
        return Decimal(str(term))
    except ArithmeticError:
        raise NpdwError(f"the graph has {what} that is not a number ({str(term)[:60]!r}); "
                        "run `npdw validate`, which names its file and line, and fix it") from None


def _int(term: Identifier | None, default: int = 10_000) -> int:
    try:
        return int(str(term)[:4]) if term is not None else default
    except ValueError:
        return default


def _rows(engine: OxigraphEngine, query: str) -> list[dict[str, Identifier | None]]:
    result = engine.select(query)
    return [dict(zip(result.variables, row, strict=True)) for row in result.rows]


def resolve_choice(text: str, namespace: str, options: dict[URIRef, str], what: str,
                   aliases: dict[URIRef, str] | None = None) -> URIRef:
    """A slug (or a unique start of one), prefixed name, full IRI, label or alias (short name) among ``options``."""
    value = text.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    if ":" in value and not value.startswith(("http://", "https://")):
        prefix, local = value.split(":", 1)
        value = PREFIXES.get(prefix, "") + local
    candidates = [URIRef(value), URIRef(namespace + value.lower())]
    for c in candidates:
        if c in options:
            return c
    slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    names = [*options.items(), *(aliases or {}).items()]
    by_label = sorted({iri for iri, label in names if re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") == slug})
    starts = [iri for iri in options if _local(iri).startswith(slug)] if slug else []
    for found in (by_label, starts):
        if len(found) == 1:
            return found[0]
    choices = ", ".join(_local(i) for i in options)
    raise NpdwError(f"unknown {what} '{text}' (choose one of: {choices})")


def build_report(graph: Graph, wijk: str | None = None, pillar: str | None = None, today: date | None = None) -> Report:
    """Compute every figure of the report from the graph (ontology + data)."""
    engine = OxigraphEngine.from_graph(graph)
    areas: dict[URIRef, str] = {}
    parents: dict[URIRef, set[URIRef]] = defaultdict(set)
    for r in _rows(engine, _AREAS):
        areas[r["area"]] = str(r["label"])  # type: ignore[index]
        if r["parent"] is not None:
            parents[r["area"]].add(r["parent"])  # type: ignore[index, arg-type]
    scopes = {a: areas[a] for a in (*WIJKEN, DORDT_WEST) if a in areas}
    area = resolve_choice(wijk, AREA_NS, scopes, "wijk") if wijk else DORDT_WEST

    goal_rows = _rows(engine, _GOALS)
    pillar_labels = {r["pillar"]: str(r["pillarLabel"]) for r in goal_rows}
    short_names = {r["pillar"]: str(r["pillarShort"]) for r in goal_rows if r["pillarShort"] is not None}
    chosen_pillar = resolve_choice(pillar, PILLAR_NS, pillar_labels, "pillar", short_names) if pillar else None  # type: ignore[arg-type]

    observations: dict[tuple[URIRef, URIRef], list[Obs]] = defaultdict(list)
    for r in _rows(engine, _OBSERVATIONS):
        obs = Obs(_number(r["value"], "an observation value"), _int(r["period"]), _local(r["status"]), str(r["source"] or ""))
        observations[(r["ind"], r["area"])].append(obs)  # type: ignore[index]
    for values in observations.values():
        values.sort(key=lambda o: (o.year, o.status != "Baseline"))
    latest_year = max((o.year for values in observations.values() for o in values), default=None)

    efforts = _efforts(engine, area, parents, areas)
    indicators: dict[URIRef, list[tuple[URIRef, str, str, str, str]]] = defaultdict(list)
    for r in _rows(engine, _INDICATORS):
        if any(i[0] == r["ind"] for i in indicators[r["goal"]]):  # type: ignore[index]
            continue
        indicators[r["goal"]].append((r["ind"], str(r["label"]), str(r["unit"]), _local(r["direction"]) or "NoDirection",  # type: ignore[index, arg-type]
                                      str(r["source"] or "")))

    pillars: dict[URIRef, PillarSection] = {}
    order: dict[URIRef, int] = {}
    for r in sorted(goal_rows, key=lambda r: (_int(r["pillarOrder"]), _int(r["goalOrder"]), str(r["goal"]))):
        p, g = r["pillar"], r["goal"]
        if (chosen_pillar is not None and p != chosen_pillar) or (p in pillars and any(x.iri == g for x in pillars[p].goals)):
            continue  # another pillar, or a second row of the same goal (a second comment on its target)
        if p not in pillars:
            pillars[p] = PillarSection(p, str(r["pillarLabel"]), [])  # type: ignore[arg-type]
            order[p] = _int(r["pillarOrder"])  # type: ignore[index]
        target = None
        if r["kind"] is not None:
            target = Target(_local(r["kind"]), _number(r["targetValue"], "a target value") if r["targetValue"] is not None else None,
                            _int(r["baseYear"]) if r["baseYear"] is not None else None, r["refArea"],  # type: ignore[arg-type]
                            _int(r["targetYear"]) if r["targetYear"] is not None else None, str(r["note"] or ""),
                            areas.get(r["refArea"], "Dordrecht"))  # type: ignore[arg-type]
        views = [_indicator_view(g, i, target, area, areas, observations) for i in sorted(indicators.get(g, []), key=lambda t: t[1])]  # type: ignore[arg-type]
        goal_efforts = sorted(efforts.get(g, []), key=lambda e: e.label.lower())  # type: ignore[arg-type]
        pillars[p].goals.append(GoalSection(g, str(r["goalLabel"]), target, goal_efforts, views))  # type: ignore[arg-type]
    return Report(today or date.today(), area, areas.get(area, _local(area)), chosen_pillar,
                  sorted(pillars.values(), key=lambda s: order[s.iri]), latest_year)


def _efforts(engine: OxigraphEngine, scope: URIRef, parents: dict[URIRef, set[URIRef]],
             labels: dict[URIRef, str]) -> dict[URIRef, list[EffortLine]]:
    """The efforts per goal; for a wijk only those in it, in one of its buurten, or for all of Dordt West or Dordrecht."""
    partners: dict[Identifier, list[str]] = defaultdict(list)
    for r in _rows(engine, _PARTNERS):
        partners[r["effort"]].append(str(r["label"]))  # type: ignore[index]
    funding: dict[Identifier, list[FundingLine]] = defaultdict(list)
    for r in _rows(engine, _FUNDING):
        funding[r["effort"]].append(FundingLine(str(r["label"]), _number(r["amount"], "an amount") if r["amount"] is not None else None,  # type: ignore[index]
                                                _local(r["basis"]), str(r["statusLabel"] or ""), str(r["schemeLabel"] or "")))
    in_area: dict[Identifier, list[URIRef]] = defaultdict(list)
    for r in _rows(engine, _EFFORT_AREAS):
        in_area[r["effort"]].append(r["area"])  # type: ignore[index, arg-type]

    def within(a: URIRef, target: URIRef, depth: int = 0) -> bool:
        return a == target or (depth < 5 and any(within(p, target, depth + 1) for p in parents.get(a, ())))

    out: dict[URIRef, list[EffortLine]] = defaultdict(list)
    seen: set[tuple[Identifier, Identifier]] = set()
    for r in _rows(engine, _EFFORTS):
        e, g = r["effort"], r["goal"]
        if (e, g) in seen:
            continue
        seen.add((e, g))  # type: ignore[arg-type]
        places = in_area.get(e, [])
        if scope != DORDT_WEST and places and not any(within(a, scope) or a in (DORDT_WEST, DORDRECHT) for a in places):
            continue
        out[g].append(EffortLine(e, str(r["label"]), str(r["statusLabel"] or "onbekend"), str(r["basisLabel"] or ""),  # type: ignore[index, arg-type]
                                 sorted(set(partners.get(e, [])), key=str.lower), funding.get(e, []),
                                 sorted(labels.get(a, _local(a)) for a in places)))
    return out


def _reference_at(values: list[Obs], year: int) -> Obs | None:
    """The reference area's value for ``year``; else the last one before it; else its latest."""
    if not values:
        return None
    same = [o for o in values if o.year == year]
    if same:
        return same[-1]
    before = [o for o in values if o.year < year]
    return before[-1] if before else values[-1]


def _indicator_view(goal: URIRef, indicator: tuple[URIRef, str, str, str, str], target: Target | None, scope: URIRef,
                    labels: dict[URIRef, str], observations: dict[tuple[URIRef, URIRef], list[Obs]]) -> IndicatorView:
    iri, label, unit, direction, source = indicator
    view = IndicatorView(iri, label, unit, direction, source)
    reference_area = target.reference_area if target is not None and target.reference_area is not None else DORDRECHT
    reference_label = labels.get(reference_area, _local(reference_area))
    ref_values = observations.get((iri, reference_area), [])
    rows = [*WIJKEN, DORDT_WEST] if scope == DORDT_WEST else [scope]
    for a in [*rows, DORDRECHT]:
        values = observations.get((iri, a), [])
        if a == DORDT_WEST and scope == DORDT_WEST and not values:
            continue  # the focus area as a whole is only shown where Bijlage 3 or a measurement gives it
        baselines = [o for o in values if o.status == "Baseline"]
        baseline = baselines[0] if baselines else None
        latest = values[-1] if values else None
        is_reference = a == DORDRECHT
        reference = _reference_at(ref_values, latest.year) if latest is not None else (ref_values[-1] if ref_values else None)
        gap = None
        if not is_reference:
            base = None
            if target is not None and target.base_year is not None:
                base = next((o for o in values if o.year == target.base_year), None)
            gap = distance_to_target(target, direction, unit, latest, reference, base, reference_label)
        view.rows.append(AreaFigures(a, labels.get(a, _local(a)), is_reference, baseline, latest,
                                     None if is_reference else reference, gap, trend(direction, baseline, latest)))
    chart_areas = [a for a in (*WIJKEN, DORDRECHT)] + ([DORDT_WEST] if observations.get((iri, DORDT_WEST)) else [])
    if any(observations.get((iri, a)) for a in chart_areas):
        view.chart = _chart(view, target, chart_areas, labels, observations, None if scope == DORDT_WEST else labels.get(scope),
                            ident=f"{_local(goal)}-{view.slug}")
    return view


def _chart(view: IndicatorView, target: Target | None, chart_areas: list[URIRef], labels: dict[URIRef, str],
           observations: dict[tuple[URIRef, URIRef], list[Obs]], highlight: str | None, ident: str) -> str:
    per_area = {a: observations.get((view.iri, a), []) for a in chart_areas}
    years = sorted({o.year for values in per_area.values() for o in values})[-MAX_YEARS_IN_CHART:]
    series = []
    for y in years:
        at_year = [next((o for o in reversed(per_area[a]) if o.year == y), None) for a in chart_areas]
        baseline = all(o is None or o.status == "Baseline" for o in at_year)
        series.append(Series(f"{y} (nulmeting)" if baseline else str(y), tuple(o.value if o else None for o in at_year)))
    threshold, threshold_label = None, ""
    if target is not None and target.kind in ("Below", "AtLeast") and target.value is not None:
        threshold = target.value
        threshold_label = f"streefwaarde {target.year or 2043}: {'onder' if target.kind == 'Below' else 'minimaal'} {nl_number(target.value)}"
    groups = [labels.get(a, _local(a)) for a in chart_areas]
    described = "; ".join(f"{s.name}: " + ", ".join(f"{g} {nl_number(v) if v is not None else 'geen meting'}"
                                                   for g, v in zip(groups, s.values, strict=True)) for s in series)
    return bar_chart(f"{view.label} ({view.unit}) per gebied", groups, series, view.unit, threshold, threshold_label,
                     highlight, description=described, ident=f"grafiek-{ident}")


# -------------------------------------------------------------- rendering


def describe_target(target: Target | None, unit: str = "") -> str:
    if target is None:
        return "Geen streefwaarde als getal vastgelegd."
    year = target.year or 2043
    u = f" {unit}" if unit and unit != "%" else ("%" if unit == "%" else "")
    if target.kind == "EqualToReference":
        return f"Streefwaarde {year}: gelijk aan {target.reference_label} (het gemiddelde van het referentiegebied)."
    if target.kind == "Below" and target.value is not None:
        return f"Streefwaarde {year}: onder {nl_number(target.value)}{u}."
    if target.kind == "AtLeast" and target.value is not None:
        return f"Streefwaarde {year}: minimaal {nl_number(target.value)}{u}."
    if target.kind == "ReductionAgainstBase" and target.value is not None:
        return f"Streefwaarde {year}: {nl_number(target.value)}% lager dan in {target.base_year}."
    return f"Streefwaarde {year}: {target.kind}."



def euro(amount: Decimal) -> str:
    """``624321.00`` -> ``€ 624.321``; cents only when there are any."""
    cents = (amount * 100) % 100
    text = f"{int(amount):,}".replace(",", ".")
    return f"€ {text}" + (f",{int(cents):02d}" if cents else "")


def _money(f: FundingLine) -> str:
    parts = [euro(f.amount), "per jaar" if f.basis == "PerYear" else "totaal"] if f.amount is not None else ["bedrag niet genoemd"]
    if f.status:
        parts.append("status niet vermeld" if f.status == "niet vermeld" else f.status)
    return f"{f.label} ({', '.join(parts)})"


def _summary(report: Report) -> list[tuple[str, int, int, int, int, int]]:
    """Per pillar: goals, efforts, indicators with a measurement, improved, worsened."""
    out = []
    for p in report.pillars:
        efforts = {e.iri for g in p.goals for e in g.efforts}
        indicators = {i.iri for g in p.goals for i in g.indicators if i.has_data}
        rows = [r for g in p.goals for i in g.indicators for r in i.rows if not r.is_reference]
        out.append((p.label, len(p.goals), len(efforts), len(indicators),
                    sum(r.trend.verdict == IMPROVED for r in rows), sum(r.trend.verdict == WORSENED for r in rows)))
    return out


def _md(text: object) -> str:
    """Escape for Markdown: HTML special characters and the characters Markdown would read."""
    escaped = html.escape(str(text), quote=False)
    return re.sub(r"([\\`*_\[\]|])", r"\\\1", escaped)


def _intro(report: Report) -> list[str]:
    scope = "heel Dordt West" if report.area == DORDT_WEST else report.area_label
    pillar = f", pijler {report.pillars[0].label}" if report.pillar and report.pillars else ""
    return [f"Verantwoording voor {scope}{pillar}, gemaakt op {report.generated.isoformat()} uit de kennisgraaf (npdw report).",
            f"Meest recente meetjaar in de graaf: {report.latest_year or 'geen'}.",
            "Nulmeting: de waarden van Bijlage 3 van het uitvoeringsprogramma. Laatste meting: het meest recente jaar in de graaf "
            "(vervolgmetingen komen uit ingelezen CSV-bestanden, npdw import-observations). Afstand tot de streefwaarde: berekend "
            "uit de streefwaarde 2043 van het doel. Trend: laatste meting tegen de nulmeting, gelezen met de richting van de "
            "indicator (hoger of lager is beter)."]


def render_markdown(report: Report, chart_dir: str) -> tuple[str, dict[str, str]]:
    """The report as Markdown; the charts are returned as {file name: SVG} to be written into ``chart_dir``."""
    lines = [f"# {_md(report.title)}", ""]
    lines += [_md(t) + "\n" for t in _intro(report)]
    lines += ["## Samenvatting", "", "| Pijler | Doelen | Inspanningen | Indicatoren met meting | Verbeterd | Verslechterd |",
              "|---|---:|---:|---:|---:|---:|"]
    lines += [f"| {_md(label)} | {a} | {b} | {c} | {d} | {e} |" for label, a, b, c, d, e in _summary(report)]
    charts: dict[str, str] = {}
    for p in report.pillars:
        lines += ["", f"## Pijler: {_md(p.label)}"]
        for g in p.goals:
            lines += ["", f"### {_md(g.code)}: {_md(g.label)}", "", _md(describe_target(g.target))]
            if g.target is not None and g.target.note:
                lines += ["", f"*{_md(g.target.note)}*"]
            lines += ["", f"#### Inspanningen ({len(g.efforts)})", ""]
            if g.efforts:
                lines += ["| Inspanning | Status | Bijdrage | Partners | Financiering |", "|---|---|---|---|---|"]
                for e in g.efforts:
                    lines.append(f"| {_md(e.label)} | {_md(e.status)} | {_md(e.basis)} | {_md(', '.join(e.partners) or 'geen genoemd')} | "
                                 f"{_md('; '.join(_money(f) for f in e.funding) or 'geen genoemd')} |")
            else:
                lines.append("Geen inspanning draagt volgens de graaf bij aan dit doel.")
            lines += ["", f"#### Indicatoren ({len(g.indicators)})"]
            if not g.indicators:
                lines += ["", "Geen indicator meet dit doel."]
            for i in g.indicators:
                lines += ["", f"##### {_md(i.label)}", "",
                          _md(f"Eenheid: {i.unit}; {DIRECTION_NL.get(i.direction, i.direction)}; bron: {i.source or 'onbekend'}."), ""]
                if not i.has_data:
                    lines.append("Nog geen metingen in de graaf.")
                    continue
                lines += ["| Gebied | Nulmeting | Laatste meting | Dordrecht | Afstand tot streefwaarde 2043 | Trend |",
                          "|---|---|---|---|---|---|"]
                for r in i.rows:
                    lines.append(f"| {_md(r.label)} | {_md(r.baseline.text() if r.baseline else '-')} | "
                                 f"{_md(r.latest.text() if r.latest else '-')} | "
                                 f"{_md('referentie' if r.is_reference else (r.reference.text() if r.reference else '-'))} | "
                                 f"{_md(r.gap.text if r.gap else '-')} | {_md(r.trend.text)} |")
                if i.chart:
                    name = f"{g.code}-{i.slug}.svg"
                    charts[name] = i.chart
                    lines += ["", f"![Grafiek: {_md(i.label)} per gebied]({chart_dir}/{name})"]
    return "\n".join(lines) + "\n", charts


_CSS = """
body { font-family: sans-serif; max-width: 70rem; margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.4; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; width: 100%; font-size: 0.9rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; } td.num { text-align: right; }
.gehaald { color: #006b3c; } .niet-gehaald { color: #a33; }
.verbeterd { color: #006b3c; } .verslechterd { color: #a33; }
h2 { border-bottom: 2px solid #0072B2; padding-bottom: 0.2rem; margin-top: 2.5rem; }
h3 { margin-top: 2rem; } h4 { font-size: 1.05rem; } h5 { font-size: 1rem; margin: 1.5rem 0 0.3rem; }
.note { color: #555; font-style: italic; } figure { margin: 0.5rem 0 1.5rem; }
"""


def _h(text: object) -> str:
    return html.escape(str(text), quote=True)


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page (inline CSS and SVG, no external resources)."""
    out = ["<!DOCTYPE html>", '<html lang="nl">', "<head>", '<meta charset="utf-8">',
           f"<title>{_h(report.title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>", f"<h1>{_h(report.title)}</h1>"]
    out += [f"<p>{_h(t)}</p>" for t in _intro(report)]
    out += ["<h2>Samenvatting</h2>", "<table><thead><tr><th>Pijler</th><th>Doelen</th><th>Inspanningen</th>"
            "<th>Indicatoren met meting</th><th>Verbeterd</th><th>Verslechterd</th></tr></thead><tbody>"]
    out += [f"<tr><td>{_h(label)}</td>" + "".join(f'<td class="num">{n}</td>' for n in counts) + "</tr>"
            for label, *counts in _summary(report)]
    out.append("</tbody></table>")
    out.append("<nav><ul>" + "".join(f'<li><a href="#{_h(_local(p.iri))}">{_h(p.label)}</a></li>' for p in report.pillars) + "</ul></nav>")
    for p in report.pillars:
        out.append(f'<h2 id="{_h(_local(p.iri))}">Pijler: {_h(p.label)}</h2>')
        for g in p.goals:
            out += [f'<h3 id="{_h(g.code)}">{_h(g.code)}: {_h(g.label)}</h3>', f"<p>{_h(describe_target(g.target))}</p>"]
            if g.target is not None and g.target.note:
                out.append(f'<p class="note">{_h(g.target.note)}</p>')
            out.append(f"<h4>Inspanningen ({len(g.efforts)})</h4>")
            if g.efforts:
                out.append("<table><thead><tr><th>Inspanning</th><th>Status</th><th>Bijdrage</th><th>Partners</th>"
                           "<th>Financiering</th></tr></thead><tbody>")
                for e in g.efforts:
                    funding = "<br>".join(_h(_money(f)) for f in e.funding) or "geen genoemd"
                    out.append(f"<tr><td>{_h(e.label)}</td><td>{_h(e.status)}</td><td>{_h(e.basis)}</td>"
                               f"<td>{_h(', '.join(e.partners) or 'geen genoemd')}</td><td>{funding}</td></tr>")
                out.append("</tbody></table>")
            else:
                out.append("<p>Geen inspanning draagt volgens de graaf bij aan dit doel.</p>")
            out.append(f"<h4>Indicatoren ({len(g.indicators)})</h4>")
            if not g.indicators:
                out.append("<p>Geen indicator meet dit doel.</p>")
            for i in g.indicators:
                out += [f'<h5 id="{_h(g.code)}-{_h(i.slug)}">{_h(i.label)}</h5>',
                        f"<p>Eenheid: {_h(i.unit)}; {_h(DIRECTION_NL.get(i.direction, i.direction))}; bron: {_h(i.source or 'onbekend')}.</p>"]
                if not i.has_data:
                    out.append("<p>Nog geen metingen in de graaf.</p>")
                    continue
                out.append("<table><thead><tr><th>Gebied</th><th>Nulmeting</th><th>Laatste meting</th><th>Dordrecht</th>"
                           "<th>Afstand tot streefwaarde 2043</th><th>Trend</th></tr></thead><tbody>")
                for r in i.rows:
                    gap_class = "" if r.gap is None or r.gap.reached is None else (' class="gehaald"' if r.gap.reached else ' class="niet-gehaald"')
                    trend_class = f' class="{r.trend.verdict}"' if r.trend.verdict in (IMPROVED, WORSENED) else ""
                    out.append(f"<tr><td>{_h(r.label)}</td><td>{_h(r.baseline.text() if r.baseline else '-')}</td>"
                               f"<td>{_h(r.latest.text() if r.latest else '-')}</td>"
                               f"<td>{_h('referentie' if r.is_reference else (r.reference.text() if r.reference else '-'))}</td>"
                               f"<td{gap_class}>{_h(r.gap.text if r.gap else '-')}</td><td{trend_class}>{_h(r.trend.text)}</td></tr>")
                out.append("</tbody></table>")
                if i.chart:
                    out.append(f"<figure>{i.chart}</figure>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ output


def write_report(project: Project, graph: Graph, wijk: str | None = None, pillar: str | None = None, fmt: str = "html",
                 out_dir: Path | None = None, today: date | None = None) -> Path:
    """Build and write the report; returns the main file. Files are replaced atomically."""
    if fmt not in FORMATS:
        raise NpdwError(f"unknown report format '{fmt}' (choose: {', '.join(FORMATS)})")
    report = build_report(graph, wijk, pillar, today)
    out = out_dir or project.dist_dir / "report"
    in_dist = out.resolve().is_relative_to(project.dist_dir.resolve())
    lock = exclusive_lock(project.dist_dir.parent, "build or report") if in_dist else nullcontext()
    with lock:
        if fmt == "html":
            main = out / f"{report.slug}.html"
            atomic_write_text(main, render_html(report))
            return main
        chart_dir = f"{report.slug}-grafieken"
        text, charts = render_markdown(report, chart_dir)
        out.mkdir(parents=True, exist_ok=True)
        with staged_directory(out / chart_dir) as stage:
            for name, svg in charts.items():
                (stage / name).write_text(svg, encoding="utf-8")
        main = out / f"{report.slug}.md"
        atomic_write_text(main, text)
        return main

