"""``npdw report``: the yearly accountability report of the programme (verantwoording), in Dutch.

Per pillar the three questions of a municipal programme account: *Wat willen we bereiken?*
(the goals with their 2043 target and the indicators that measure them: baseline, latest value,
Dordrecht, distance to the target, trend, a chart), *Wat doen we ervoor?* (the efforts, status,
partners) and *Wat kost het?* (money per effort, awarded apart from requested, shared pots
apart); then a financial chapter (the chapter 12 table, totals per pillar and per funder) and
a data-quality chapter. Every figure is the answer of a named query in ``queries/`` (the money
as the ``financiering-*`` queries count it, each flow once); this module only reads the answers
and computes the readings (gap, trend) in ``report_model``. ``report_render`` writes HTML for
the portal, a print variant and a PDF (WeasyPrint) from the same templates, and Markdown.
"""

from __future__ import annotations

import re
from collections import defaultdict
from contextlib import nullcontext
from datetime import date
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.term import Identifier

from npdw_graph import figures
from npdw_graph.atomic import atomic_write_bytes, atomic_write_text, exclusive_lock, staged_directory
from npdw_graph.charts import Line, Series, bar_chart
from npdw_graph.errors import NpdwError
from npdw_graph.namespaces import ID, PREFIXES
from npdw_graph.project import Project, find_project
from npdw_graph.query import run_query
from npdw_graph.queryengine import Engine, OxigraphEngine
from npdw_graph.report_model import (  # noqa: F401  (re-exported: the report's public names)
    DIRECTION_NL,
    FELL,
    IMPROVED,
    NO_BASELINE,
    NO_FOLLOW_UP,
    ROSE,
    UNCHANGED,
    WORSENED,
    YEAR_UNKNOWN,
    AreaFigures,
    Colophon,
    EffortLine,
    Gap,
    GoalSection,
    IndicatorView,
    Money,
    Obs,
    PillarSection,
    Report,
    Table,
    Target,
    Trend,
    TrendCount,
    describe_target,
    distance_to_target,
    trend,
    with_unit,
)
from npdw_graph.report_render import render_document, render_html, render_markdown, render_pdf
from npdw_graph.web.format import number

AREA_NS = str(ID) + "gebied/"
PILLAR_NS = str(ID) + "pijler/"
WIJKEN = tuple(URIRef(AREA_NS + s) for s in ("oud-krispijn", "nieuw-krispijn", "wielwijk", "crabbehof"))
DORDT_WEST = URIRef(AREA_NS + "dordt-west")
DORDRECHT = URIRef(AREA_NS + "dordrecht")
FORMATS = ("html", "pdf", "md")
MAX_YEARS_IN_CHART = 3
SOURCE_DOCUMENT = "Uitvoeringsprogramma Dordt West 2024-2026"
IN_DE_WIJK = figures.IN_DE_WIJK  # the one definition of "in de wijk", the same sentence as on the site and the network page


MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december")


def dutch_date(day: date) -> str:
    """``date(2026, 12, 3)`` -> ``3 december 2026``: how a date reads in a Dutch report."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _local(term: object) -> str:
    return "" if term is None else str(term).rstrip("/").rsplit("/", 1)[-1]


def _int(term: Identifier | None, default: int = 10_000) -> int:
    try:
        return int(str(term)[:4]) if term is not None else default
    except ValueError:
        return default


def _number(term: Identifier | None, what: str) -> Decimal:
    """A numeric literal as a Decimal; an ill-typed one (``"abc"^^xsd:decimal``) is one clear error, not a traceback."""
    try:
        return Decimal(str(term))
    except ArithmeticError:
        raise NpdwError(f"the graph has {what} that is not a number ({str(term)[:60]!r}); "
                        "run `npdw validate`, which names its file and line, and fix it") from None


def _dec(term: Identifier | None, what: str = "an amount") -> Decimal | None:
    return None if term is None else _number(term, what)


class Queries:
    """The named queries the report reads, through ``figures`` (the one semantic layer) and the same code as ``npdw query``.

    Rows keep their RDF terms (the report joins them by IRI); the tables for the reader get plain
    values (``figures.python_value``)."""

    def __init__(self, engine: Engine, queries_dir: Path):
        self.engine = engine
        self.dir = queries_dir

    def rows(self, name: str, **params: str) -> list[dict[str, Identifier | None]]:
        result = run_query(figures.named_query(name, self.dir), self.engine, params)
        return [dict(zip(result.variables, row, strict=True)) for row in result.rows]

    def table(self, name: str, columns: list[tuple[str, str]], **params: str) -> Table:
        """A query's rows as a table for the reader: ``columns`` are (variable, Dutch heading)."""
        rows = [[figures.python_value(r.get(v)) for v, _ in columns] for r in self.rows(name, **params)]
        return Table(name, [h for _, h in columns], rows)


def resolve_choice(text: str, namespace: str, options: dict[URIRef, str], what: str,
                   aliases: dict[URIRef, str] | None = None) -> URIRef:
    """A slug (or a unique start of one), prefixed name, full IRI, label or alias (short name) among ``options``."""
    value = text.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    if ":" in value and not value.startswith(("http://", "https://")):
        prefix, local = value.split(":", 1)
        value = PREFIXES.get(prefix, "") + local
    for c in (URIRef(value), URIRef(namespace + value.lower())):
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


# ------------------------------------------------------------------ building


def build_report(graph: Graph, wijk: str | None = None, pillar: str | None = None, today: date | None = None,
                 queries_dir: Path | None = None, engine: Engine | None = None) -> Report:
    """Read every figure of the report from the named queries on the graph (ontology + data)."""
    q = Queries(engine or OxigraphEngine.from_graph(graph), queries_dir or find_project().queries_dir)
    areas = {r["area"]: str(r["label"]) for r in _area_rows(q)}
    scopes = {a: areas[a] for a in (*WIJKEN, DORDT_WEST) if a in areas}
    area = resolve_choice(wijk, AREA_NS, scopes, "wijk") if wijk else DORDT_WEST
    is_wijk = area != DORDT_WEST

    goal_rows = q.rows("monitor-doelen")
    pillar_labels = {r["pijler"]: str(r["pijlerNaam"]) for r in goal_rows}
    short_names = {r["pijler"]: str(r["pijlerKort"]) for r in goal_rows if r["pijlerKort"] is not None}
    chosen = resolve_choice(pillar, PILLAR_NS, pillar_labels, "pillar", short_names) if pillar else None  # type: ignore[arg-type]

    observations = _observations(q)
    latest_year = max((o.year for values in observations.values() for o in values if o.year is not None and o.year_stated), default=None)
    indicators: dict[URIRef, list[tuple[URIRef, str, str, str, str]]] = defaultdict(list)
    for r in q.rows("monitor-indicatoren"):
        if not any(i[0] == r["indicator"] for i in indicators[r["doel"]]):  # type: ignore[index]
            indicators[r["doel"]].append((r["indicator"], str(r["naam"]), str(r["eenheid"]),  # type: ignore[index, arg-type]
                                          _local(r["richting"]) or "NoDirection", str(r["bron"] or "")))

    efforts = _efforts(q, area, areas)
    goal_texts = {r["doel"]: str(r["doelTekst"]) for r in goal_rows}
    pillars: dict[URIRef, PillarSection] = {}
    order: dict[URIRef, int] = {}
    for r in goal_rows:
        p, g = r["pijler"], r["doel"]
        if (chosen is not None and p != chosen) or (p in pillars and any(x.iri == g for x in pillars[p].goals)):
            continue  # another pillar, or a second row of the same goal (a second comment on its target)
        if p not in pillars:
            pillars[p] = PillarSection(p, str(r["pijlerNaam"]), [])  # type: ignore[arg-type]
            order[p] = _int(r["pijlerVolgorde"])  # type: ignore[index]
        target = None
        if r["soort"] is not None:
            target = Target(_local(r["soort"]), _dec(r["streefgetal"], "a target value"),
                            _int(r["basisjaar"]) if r["basisjaar"] is not None else None,
                            r["referentiegebied"], _int(r["streefjaar"]) if r["streefjaar"] is not None else None,  # type: ignore[arg-type]
                            str(r["toelichting"] or ""), areas.get(r["referentiegebied"], "Dordrecht"))  # type: ignore[arg-type]
        views = [_indicator_view(g, i, target, area, areas, observations)  # type: ignore[arg-type]
                 for i in sorted(indicators.get(g, []), key=lambda t: t[1])]  # type: ignore[arg-type]
        goal_efforts = [e for e in efforts.get(("goal", g), [])]  # type: ignore[arg-type]
        pillars[p].goals.append(GoalSection(g, goal_texts[g], target, sorted(goal_efforts, key=lambda e: e.label.lower()), views))  # type: ignore[arg-type, index]
    for p, section in pillars.items():
        section.efforts = sorted(efforts.get(("pillar", p), []), key=lambda e: (not e.primary, e.group != "in de wijk", e.label.lower()))
        section.trends = _trend_count(section)
    report = Report(today or date.today(), area, areas.get(area, _local(area)), chosen,
                    sorted(pillars.values(), key=lambda s: order[s.iri]), latest_year, is_wijk=is_wijk)
    _counts(q, report)
    _money(q, report)
    _finance(q, report)
    _quality(q, report)
    report.colophon = Colophon(SOURCE_DOCUMENT, "eerste uitvoeringsprogramma (2024-2026), tekst uit de OCR van de gepubliceerde PDF",
                               dutch_date(today or date.today()), "npdw report", figures.wijk_definition(report.area_label) if is_wijk else "")
    return report


def _area_rows(q: Queries) -> list[dict[str, Identifier | None]]:
    return [{"area": r["gebied"], "label": r["naam"]} for r in q.rows("monitor-gebieden")]


def _observations(q: Queries) -> dict[tuple[URIRef, URIRef], list[Obs]]:
    out: dict[tuple[URIRef, URIRef], list[Obs]] = defaultdict(list)
    for r in q.rows("monitor-metingen"):
        year = int(str(r["jaar"])) if r["jaar"] is not None else None
        stated = r["jaarVermeld"] is not None and bool(r["jaarVermeld"].toPython())  # type: ignore[union-attr]
        obs = Obs(_number(r["waarde"], "an observation value"), year, str(r["status"]), str(r["bron"] or ""),
                  str(year) if stated else str(r["periode"] or YEAR_UNKNOWN), str(r["toelichting"] or ""), stated)
        out[(r["indicator"], r["gebied"])].append(obs)  # type: ignore[index]
    for values in out.values():  # oldest first; at the same year the baseline first, a stated year before an unstated one
        values.sort(key=lambda o: (o.year if o.year is not None else -1, o.status != "Baseline", not o.year_stated))
    return out


def _efforts(q: Queries, scope: URIRef, labels: dict[URIRef, str]) -> dict[tuple[str, Identifier], list[EffortLine]]:
    """The efforts per goal (("goal", iri)) and per pillar (("pillar", iri)); for a wijk, those in it or for all of Dordt West."""
    partners: dict[Identifier, list[str]] = defaultdict(list)
    places: dict[Identifier, list[str]] = defaultdict(list)
    for r in q.rows("monitor-partners-en-gebieden"):
        (partners if str(r["soort"]) == "partner" else places)[r["inspanning"]].append(str(r["naam"]))  # type: ignore[index]
    groups: dict[Identifier, str] | None = None
    if scope != DORDT_WEST:  # the one definition of "in de wijk" (figures.efforts_in_area, as the portal), the wider groups apart
        groups = {URIRef(r["inspanning"]): str(r["groep"]) for r in figures.efforts_in_area(q.engine, str(scope), q.dir)}
    lines: dict[Identifier, EffortLine] = {}
    out: dict[tuple[str, Identifier], list[EffortLine]] = defaultdict(list)
    seen: set[tuple[str, Identifier, Identifier]] = set()
    goal_labels: dict[Identifier, list[str]] = defaultdict(list)
    rows = q.rows("monitor-inspanningen")
    for r in rows:
        e = r["inspanning"]
        if groups is not None and e not in groups:
            continue
        if e not in lines:
            group = "" if groups is None else groups[e]
            where = ", ".join([f"§ {r['paragraaf']}"] * (r["paragraaf"] is not None) + [f"regel {r['regel']}"] * (r["regel"] is not None))
            lines[e] = EffortLine(e, str(r["naam"]), str(r["status"] or "onbekend"), "", sorted(set(partners.get(e, [])), key=str.lower),  # type: ignore[arg-type]
                                  Money(), sorted(set(places.get(e, []))), group=group, source=where)
        if r["doel"] is not None and _local(r["doel"]) not in goal_labels[e]:
            goal_labels[e].append(_local(r["doel"]))
    for r in rows:
        e, p, g = r["inspanning"], r["pijler"], r["doel"]
        if e not in lines:
            continue
        base = lines[e]
        key = ("pillar", p, e)
        if key not in seen:
            seen.add(key)  # type: ignore[arg-type]
            line = EffortLine(base.iri, base.label, base.status, "", base.partners, base.money, base.areas, str(r["rol"]) == "hoofdpijler",
                              goal_labels[e], base.group, base.source)
            out[("pillar", p)].append(line)  # type: ignore[index]
        if g is not None and ("goal", g, e) not in seen:
            seen.add(("goal", g, e))  # type: ignore[arg-type]
            out[("goal", g)].append(EffortLine(base.iri, base.label, base.status, str(r["grondslag"] or ""), base.partners, base.money,  # type: ignore[index]
                                               base.areas, True, [], base.group, base.source))
    return out


def _reference_at(values: list[Obs], year: int | None) -> Obs | None:
    """The reference area's value for ``year``; else the last one before it; else its latest."""
    if not values:
        return None
    dated = [o for o in values if o.year is not None]
    if year is None:
        return values[-1]
    same = [o for o in dated if o.year == year]
    if same:
        return same[-1]
    before = [o for o in values if o.year is None or o.year < year]
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
                                     None if is_reference else reference, gap, trend(direction, baseline, latest, unit)))
        view.yearless += [o for o in values if not o.year_stated]
    chart_areas = [*WIJKEN] + ([DORDT_WEST] if observations.get((iri, DORDT_WEST)) else [])
    if any(observations.get((iri, a)) for a in chart_areas):
        view.chart = _chart(view, target, chart_areas, labels, observations, ref_values, reference_label,
                            labels.get(scope) if scope != DORDT_WEST else None, ident=f"{_local(goal)}-{view.slug}")
    return view


def _chart(view: IndicatorView, target: Target | None, chart_areas: list[URIRef], labels: dict[URIRef, str],
           observations: dict[tuple[URIRef, URIRef], list[Obs]], ref_values: list[Obs], reference_label: str,
           highlight: str | None, ident: str):
    per_area = {a: observations.get((view.iri, a), []) for a in chart_areas}

    def key(o: Obs) -> tuple[int, bool]:
        return (o.year if o.year is not None else -1, o.year_stated)

    periods = sorted({key(o) for values in per_area.values() for o in values})
    if len(periods) > MAX_YEARS_IN_CHART:
        periods = [periods[0], *periods[-(MAX_YEARS_IN_CHART - 1):]]  # the baseline and the latest years
    series = []
    for y in periods:
        at = [next((o for o in reversed(per_area[a]) if key(o) == y), None) for a in chart_areas]
        baseline = all(o is None or o.status == "Baseline" for o in at)
        name = str(y[0]) if y[1] and y[0] != -1 else YEAR_UNKNOWN
        series.append(Series(f"{name} (nulmeting)" if baseline else name, tuple(o.value if o else None for o in at)))
    lines = []
    if ref_values and view.unit != "aantal":  # a count for the whole city is no line to hold a wijk's count against
        ref = ref_values[-1]
        equal = target is not None and target.kind == "EqualToReference"
        lines.append(Line("referentie", ref.value, f"{reference_label} {ref.when}: {with_unit(ref.value, view.unit)}"
                          + (" (= streefwaarde 2043)" if equal else "")))
    if target is not None and target.numeric and target.value is not None:
        word = "onder" if target.kind == "Below" else "minimaal"
        lines.append(Line("streefwaarde", target.value, f"streefwaarde {target.year or 2043}: {word} {with_unit(target.value, view.unit)}"))
    groups = [labels.get(a, _local(a)) for a in chart_areas]
    described = "; ".join(f"{s.name}: " + ", ".join(f"{g} {with_unit(v, view.unit) if v is not None else 'geen meting'}"
                                                   for g, v in zip(groups, s.values, strict=True)) for s in series)
    described += "".join(f"; {line.label}" for line in lines)
    return bar_chart(f"{view.label} per wijk", groups, series, view.unit, lines, highlight, description=described,
                     ident=f"grafiek-{ident}", axis_label=_axis_label(view.unit))


def _axis_label(unit: str) -> str:
    return {"%": "procent (%)", "aantal": "aantal", "x 1.000 euro": "× € 1.000"}.get(unit, unit)


def _trend_count(section: PillarSection) -> TrendCount:
    """Per indicator and wijk (the report's own area in a wijk report): better, worse, other, unknown."""
    count = TrendCount()
    for g in section.goals:
        for i in g.indicators:
            for r in i.rows:
                if r.is_reference or r.area == DORDT_WEST:
                    continue
                if r.trend.verdict == IMPROVED:
                    count.improved += 1
                elif r.trend.verdict == WORSENED:
                    count.worsened += 1
                elif r.trend.verdict in (UNCHANGED, ROSE, FELL):
                    count.other += 1
                else:
                    count.unknown += 1
    return count


def _int_cells(r: dict[str, Identifier | None], skip: tuple[str, ...] = ("groep", "pijler", "pijlerNaam")) -> dict[str, int]:
    return {k: int(str(v)) for k, v in r.items() if k not in skip and v is not None}


def _counts(q: Queries, report: Report) -> None:
    """The effort counts with their definitions (aantallen-* queries), per pillar and in total."""
    names = ["aantallen-inspanningen-per-pijler", "aantallen-inspanningen-per-status"]
    if report.is_wijk:
        names.append("aantallen-inspanningen-in-wijk")
    for name in names:  # their columns have different names: hoofdpijler, raaktOok, ...; voortgezet, ...; inDeWijk, ...
        for r in q.rows(name, **({"wijk": str(report.area)} if name.endswith("in-wijk") else {})):
            cells = _int_cells(r)
            if r["groep"] is not None and str(r["groep"]) == "totaal":
                report.totals.update(cells)
            for p in report.pillars:
                if r.get("pijler") == p.iri:
                    p.counts.update(cells)


# --------------------------------------------------------------------- money


def _money_of(r: dict[str, Identifier | None]) -> Money:
    def amount(name: str) -> Decimal | None:
        v = _dec(r.get(name))
        return v if v else None

    return Money(amount("toegekend"), amount("aangevraagd"), amount("begroot"), amount("statusNietVermeld"), amount("perJaar"),
                 int(str(r.get("nietGenoemd") or 0)))


def _money(q: Queries, report: Report) -> None:
    """Each effort's money (financiering-van-inspanning), its shared pots, and each pillar's total."""
    per_effort = {r["inspanning"]: _money_of(r) for r in q.rows("financiering-van-inspanning")}
    names = {r["inspanning"]: str(r["naam"]) for r in q.rows("financiering-van-inspanning")}
    holders: dict[Identifier, set[Identifier]] = defaultdict(set)  # a Dordt West flow with an amount -> the efforts that have it
    flows: dict[Identifier, set[Identifier]] = defaultdict(set)
    for r in q.rows("financiering-van-inspanning-posten"):
        kind = str(r["soort"])
        if kind in ("landelijk budget", "regio", "Dordrecht breed") and r["inspanning"] in per_effort:
            per_effort[r["inspanning"]].national.append((str(r["naam"]), _dec(r["bedrag"]), kind))
        elif kind != "bedrag niet genoemd" and r["bedrag"] is not None:
            holders[r["financiering"]].add(r["inspanning"])  # type: ignore[index, arg-type]
            flows[r["inspanning"]].add(r["financiering"])  # type: ignore[index, arg-type]
    for e, money in per_effort.items():  # say where an effort's amount is also another's, so its rows are not added up
        others = {o for f in flows.get(e, ()) for o in holders[f]} - {e}  # type: ignore[arg-type]
        money.shared_with = sorted((names.get(o, _local(o)) for o in others), key=str.lower)
    for p in report.pillars:
        for e in p.efforts + [e for g in p.goals for e in g.efforts]:
            e.money = per_effort.get(e.iri, Money())
    for r in q.rows("financiering-per-pijler"):
        if r["groep"] is not None and str(r["groep"]) == "totaal":
            report.programme_money = _money_of(r)
        for p in report.pillars:
            if r.get("pijler") == p.iri:
                p.money = _money_of(r)


def _finance(q: Queries, report: Report) -> None:
    report.finance["hoofdstuk-12"] = q.table("financiering-door-het-rijk", [
        ("rij", "Rij"), ("regeling", "Regeling"), ("bedrag", "Bedrag"), ("periode", "Periode"), ("toegekend", "Status"),
        ("cofinanciering", "Cofinanciering"), ("gepubliceerdTotaal", "Totaal volgens de bron"), ("berekendTotaal", "Som van de rijen")])
    report.finance["per-periode"] = q.table("financiering-door-het-rijk-per-periode", [
        ("periode", "Periode"), ("regelingen", "Regelingen"), ("bedrag", "Bedrag")])
    money = [("toegekend", "Toegekend"), ("begroot", "Begroot"), ("aangevraagd", "Aangevraagd"), ("statusNietVermeld", "Status niet vermeld"),
             ("perJaar", "Per jaar"), ("nietGenoemd", "Posten zonder bedrag")]
    report.finance["per-pijler"] = q.table("financiering-per-pijler", [("groep", "Groep"), ("pijlerNaam", "Pijler"), *money])
    report.finance["per-financier"] = q.table("financiering-per-financier", [("groep", "Groep"), ("financierNaam", "Financier"), *money])
    report.finance["landelijk"] = q.table("financiering-per-regeling", [("regeling", "Regeling"), ("totaal", "Bedrag")],
                                          reikwijdte="npdw:ScopeNational")
    if report.is_wijk:
        report.finance["wijk"] = q.table("financiering-per-wijk", [("groep", "Groep"), ("wijkNaam", "Wijk"), *money], wijk=str(report.area))
        report.wijk_money = next((_money_of(r) for r in q.rows("financiering-per-wijk", wijk=str(report.area))
                                  if str(r["groep"]) == "in de wijk"), Money())


def _quality(q: Queries, report: Report) -> None:
    report.quality["tegenstrijdigheden"] = q.table("tegenstrijdigheden-in-de-bron", [
        ("sectie", "Paragraaf"), ("regel", "Regel"), ("tegenstrijdigheid", "Wat"), ("beschrijving", "Toelichting"), ("betreft", "Betreft")])
    report.quality["ocr"] = q.table("ocr-herstellingen", [("bron", "Waar"), ("ruweLezing", "Ruwe lezing"), ("toelichting", "Herstel")])
    report.inferred_share = [(str(r["soortNaam"]), int(str(r["afgeleid"])), int(str(r["totaal"])), Decimal(str(r["procentAfgeleid"])))
                             for r in q.rows("verbanden-genoemd-en-afgeleid")]


# -------------------------------------------------------------------- output


def write_report(project: Project, graph: Graph, wijk: str | None = None, pillar: str | None = None, fmt: str = "html",
                 out_dir: Path | None = None, today: date | None = None) -> Path:
    """Build and write the report; returns the main file. Files are replaced atomically."""
    if fmt not in FORMATS:
        raise NpdwError(f"unknown report format '{fmt}' (choose: {', '.join(FORMATS)})")
    report = build_report(graph, wijk, pillar, today, queries_dir=project.queries_dir)
    out = out_dir or project.dist_dir / "report"
    in_dist = out.resolve().is_relative_to(project.dist_dir.resolve())
    lock = exclusive_lock(project.dist_dir.parent, "build or report") if in_dist else nullcontext()
    with lock:
        if fmt == "html":
            main = out / f"{report.slug}.html"
            atomic_write_text(main, render_document(report))
            return main
        if fmt == "pdf":
            main = out / f"{report.slug}.pdf"
            atomic_write_bytes(main, render_pdf(report))
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


def portal_pages(graph: Graph, queries_dir: Path | None = None, today: date | None = None, engine: Engine | None = None,
                 pdf: bool = False) -> list[tuple[str, bytes]]:
    """The report's pages of the portal: ``monitor/index.html`` (all of Dordt West) and ``monitor/<wijk>.html``.

    With ``pdf`` also ``monitor/verantwoording-dordt-west.pdf`` (about 10 s more), linked from the index page.
    """
    engine = engine or OxigraphEngine.from_graph(graph)
    whole = build_report(graph, today=today, queries_dir=queries_dir, engine=engine)
    wijken: list[tuple[str, str]] = []
    reports = []
    for w in WIJKEN:
        rep = build_report(graph, wijk=str(w), today=today, queries_dir=queries_dir, engine=engine)
        wijken.append((f"{_local(w)}.html", rep.area_label))
        reports.append((f"monitor/{_local(w)}.html", rep))
    pdf_name = f"{whole.slug}.pdf" if pdf else ""
    out = [("monitor/index.html", render_html(whole, page_path="monitor/index.html", wijken=wijken, pdf=pdf_name).encode("utf-8"))]
    out += [(path, render_html(rep, page_path=path, wijken=wijken).encode("utf-8")) for path, rep in reports]
    if pdf:
        out.append((f"monitor/{pdf_name}", render_pdf(whole)))
    return out


__all__ = ["build_report", "write_report", "portal_pages", "resolve_choice", "render_html", "render_document", "render_markdown", "render_pdf",
           "number"]
