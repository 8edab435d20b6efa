"""The accountability report as data: what each chapter shows, and the readings of its figures.

``report.build_report`` fills these from the named queries; ``report_render`` turns them into
HTML (portal and print), Markdown and PDF through the templates. The computations that read a
figure (distance to the 2043 target, trend since the baseline) are pure functions here, so they
are tested on their own; everything they write for the reader is plain Dutch with the unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from rdflib import URIRef

from npdw_graph.charts import Chart
from npdw_graph.web.format import euro, number

DIRECTION_NL = {"HigherIsBetter": "hoger is beter", "LowerIsBetter": "lager is beter", "NoDirection": "geen richting"}

# Trend verdicts (stable keys; Dutch words, as the report shows them).
IMPROVED, WORSENED, UNCHANGED, ROSE, FELL = "verbeterd", "verslechterd", "gelijk gebleven", "gestegen", "gedaald"
NO_BASELINE, NO_FOLLOW_UP = "geen nulmeting", "nog geen vervolgmeting"
YEAR_UNKNOWN = "jaar niet vermeld"

# The unit of a difference, as a reader says it: 20% -> 17% is "3 procentpunt", a score moves in "punt".
_DIFFERENCE_UNIT = {"%": "procentpunt", "aantal": "", "indexcijfer": "punt", "rapportcijfer 1-10": "punt", "schaalscore": "punt",
                    "score": "punt"}


# Amounts the source counts in thousands of euros, written out as a reader says them: 245 -> "€ 245.000".
_THOUSAND_EUROS = ("x 1.000 euro", "× 1.000 euro", "x €1.000", "x € 1.000")


def difference_unit(unit: str) -> str:
    return _DIFFERENCE_UNIT.get(unit, unit)


def with_unit(value: Decimal, unit: str) -> str:
    """``20`` with ``%`` -> ``20%``; ``5`` with ``per 1.000 inwoners`` -> ``5 per 1.000 inwoners``; ``aantal`` -> the number;
    ``245`` with ``x 1.000 euro`` -> ``€ 245.000``."""
    if unit == "%":
        return f"{number(value)}%"
    if unit in ("", "aantal"):
        return number(value)
    if unit in _THOUSAND_EUROS:
        return euro(value * 1000)
    return f"{number(value)} {unit}"


def amount_with_unit(diff: Decimal, unit: str) -> str:
    """A difference (always positive here) with the unit it is counted in."""
    if unit in _THOUSAND_EUROS:
        return euro(abs(diff) * 1000)
    u = difference_unit(unit)
    return f"{number(abs(diff))} {u}".rstrip()


def signed(value: Decimal) -> str:
    text = number(abs(value))
    return ("+" if value > 0 else "-" if value < 0 else "") + text


# ------------------------------------------------------------------ figures


@dataclass(frozen=True)
class Obs:
    value: Decimal
    year: int | None  # the period's year (for a value without a stated year: the baseline's reference year, or None)
    status: str  # local name: Baseline, Measurement, Provisional, Context
    source: str
    period: str = ""  # as the reader sees it: "2023" or "jaar niet vermeld"
    note: str = ""  # the caveat of a value whose year the source does not state
    year_stated: bool = True

    @property
    def when(self) -> str:
        if self.year_stated and self.year is not None:
            return str(self.year)
        return self.period or YEAR_UNKNOWN

    def text(self, unit: str = "") -> str:
        return f"{with_unit(self.value, unit) if unit else number(self.value)} ({self.when})"


@dataclass(frozen=True)
class Target:
    kind: str  # EqualToReference | Below | AtLeast | ReductionAgainstBase
    value: Decimal | None = None
    base_year: int | None = None
    reference_area: URIRef | None = None
    year: int | None = None
    note: str = ""
    reference_label: str = "Dordrecht"

    @property
    def numeric(self) -> bool:
        """A target that is a number on the indicator's own scale (a line in the chart)."""
        return self.kind in ("Below", "AtLeast") and self.value is not None


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


def distance_to_target(target: Target | None, direction: str, unit: str, latest: Obs | None, reference: Obs | None,
                       base: Obs | None, reference_label: str = "Dordrecht") -> Gap:
    """How far the latest value is from the goal's 2043 target, in the indicator's unit.

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
        if direction == "HigherIsBetter":
            reached = diff >= 0
        elif direction == "LowerIsBetter":
            reached = diff <= 0
        else:
            reached = diff == 0
        ref = f"{reference_label} ({with_unit(reference.value, unit)} in {reference.when})"
        if diff == 0:
            return Gap(f"gelijk aan {ref}: gehaald", diff, True)
        side = "boven" if diff > 0 else "onder"
        how = "gehaald" if reached else "nog niet gehaald"
        return Gap(f"{amount_with_unit(diff, unit)} {side} {ref}: {how}", diff, reached)
    if target.value is None:
        return Gap("streefgetal ontbreekt")
    if target.kind == "Below":
        diff = latest.value - target.value
        if diff < 0:
            return Gap(f"gehaald: {amount_with_unit(diff, unit)} onder de grens van {with_unit(target.value, unit)}", diff, True)
        return Gap(f"nog {amount_with_unit(diff, unit)} te gaan: moet onder {with_unit(target.value, unit)}", diff, False)
    if target.kind == "AtLeast":
        diff = target.value - latest.value
        if diff <= 0:
            return Gap(f"gehaald: minimaal {with_unit(target.value, unit)} (nu {with_unit(latest.value, unit)})", diff, True)
        return Gap(f"nog {amount_with_unit(diff, unit)} te gaan tot minimaal {with_unit(target.value, unit)}", diff, False)
    if target.kind == "ReductionAgainstBase":
        if base is None:
            return Gap(f"basiswaarde ontbreekt (geen meting in basisjaar {target.base_year})")
        goal = base.value * (Decimal(100) - target.value) / Decimal(100)
        diff = latest.value - goal
        what = f"doel {with_unit(goal, unit)} ({number(target.value)}% onder {with_unit(base.value, unit)} in {base.when})"
        if diff <= 0:
            return Gap(f"gehaald: {what}", diff, True)
        return Gap(f"nog {amount_with_unit(diff, unit)} te gaan: {what}", diff, False)
    return Gap(f"onbekende soort streefwaarde ({target.kind})")


def trend(direction: str, baseline: Obs | None, latest: Obs | None, unit: str = "") -> Trend:
    """Latest against baseline, read with the indicator's direction, in plain Dutch with the unit.

    ``3 procentpunt beter dan in 2023 (van 20% naar 17%)``; without a direction: ``hoger``/``lager``.
    A baseline without a year counts as the baseline, and the text says so.
    """
    if baseline is None:
        return Trend(NO_BASELINE, NO_BASELINE)
    if latest is None or latest is baseline or latest.year is None or (baseline.year is not None and latest.year <= baseline.year):
        return Trend(NO_FOLLOW_UP, NO_FOLLOW_UP)
    change = latest.value - baseline.value
    since = f"in {baseline.year}" if baseline.year_stated and baseline.year is not None else "bij de nulmeting (jaar niet vermeld)"
    values = f"(van {with_unit(baseline.value, unit)} naar {with_unit(latest.value, unit)})"
    if change == 0:
        return Trend(UNCHANGED, f"gelijk aan {since} {values}", change)
    if direction == "NoDirection":
        verdict = ROSE if change > 0 else FELL
        word = "hoger" if change > 0 else "lager"
    else:
        verdict = IMPROVED if (change > 0) == (direction == "HigherIsBetter") else WORSENED
        word = "beter" if verdict == IMPROVED else "slechter"
    amount = amount_with_unit(change, unit)
    return Trend(verdict, f"{amount} {word} dan {since} {values}".replace("  ", " "), change)


def describe_target(target: Target | None, unit: str = "") -> str:
    if target is None:
        return "Geen streefwaarde als getal vastgelegd."
    year = target.year or 2043
    if target.kind == "EqualToReference":
        return f"Streefwaarde {year}: gelijk aan {target.reference_label} (het gemiddelde van het referentiegebied)."
    if target.kind == "Below" and target.value is not None:
        return f"Streefwaarde {year}: onder {with_unit(target.value, unit) if unit else number(target.value)}."
    if target.kind == "AtLeast" and target.value is not None:
        return f"Streefwaarde {year}: minimaal {with_unit(target.value, unit) if unit else number(target.value)}."
    if target.kind == "ReductionAgainstBase" and target.value is not None:
        return f"Streefwaarde {year}: {number(target.value)}% lager dan in {target.base_year}."
    return f"Streefwaarde {year}: {target.kind}."


# ------------------------------------------------------------------ chapters


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
    chart: Chart | None = None
    yearless: list[Obs] = field(default_factory=list)  # printed without a year: shown with their caveat

    @property
    def slug(self) -> str:
        return str(self.iri).rsplit("/", 1)[-1]

    @property
    def has_data(self) -> bool:
        return any(r.latest is not None for r in self.rows)

    @property
    def direction_text(self) -> str:
        return DIRECTION_NL.get(self.direction, self.direction)


@dataclass
class Money:
    """An effort's, a pillar's or a wijk's money, as the named queries count it (each flow once)."""

    awarded: Decimal | None = None  # toegekend, total over the period
    requested: Decimal | None = None  # aangevraagd
    budgeted: Decimal | None = None  # begroot of beschikbaar
    unknown_status: Decimal | None = None  # amount named, status not stated
    per_year: Decimal | None = None  # amounts per year (not summed into the totals)
    unnamed: int = 0  # allocations without an amount
    national: list[tuple[str, Decimal | None, str]] = field(default_factory=list)  # (label, amount, scope): shared pots, never summed
    shared_with: list[str] = field(default_factory=list)  # other efforts that have some of this money too (a flow counts once in a total)

    @property
    def any(self) -> bool:
        return any(v for v in (self.awarded, self.requested, self.budgeted, self.unknown_status, self.per_year)) or bool(self.unnamed) \
            or bool(self.national)


@dataclass
class EffortLine:
    iri: URIRef
    label: str
    status: str
    basis: str  # genoemd | afgeleid (its link to the goal, where listed under a goal)
    partners: list[str]
    money: Money
    areas: list[str]
    primary: bool = True  # the pillar is its hoofdpijler (False: it touches the pillar)
    goals: list[str] = field(default_factory=list)  # short goal texts
    group: str = ""  # for a wijk report: "in de wijk" or "voor heel Dordt West of Dordrecht"
    source: str = ""  # where the source describes it: "§ 4.2, regel 1230"

    @property
    def slug(self) -> str:
        return str(self.iri).rsplit("/", 1)[-1]


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

    @property
    def heading(self) -> str:
        """The goal by its text; a long one shortened at a word, the full text stays beneath it."""
        text = self.label.strip().rstrip(".")
        if len(text) <= 110:
            return text
        cut = text[:105].rsplit(" ", 1)[0].rstrip(",;:")
        return cut + " …"

    @property
    def measured(self) -> bool:
        return any(i.has_data for i in self.indicators)

    @property
    def target_text(self) -> str:
        unit = self.indicators[0].unit if len({i.unit for i in self.indicators}) == 1 else ""
        return describe_target(self.target, unit)


@dataclass
class TrendCount:
    """Indicators read per indicator and wijk: better, worse, unchanged or no direction, unknown."""

    improved: int = 0
    worsened: int = 0
    other: int = 0  # unchanged, or moved without a direction
    unknown: int = 0  # no baseline, or no later measurement

    @property
    def total(self) -> int:
        return self.improved + self.worsened + self.other + self.unknown


@dataclass
class PillarSection:
    iri: URIRef
    label: str
    goals: list[GoalSection]
    efforts: list[EffortLine] = field(default_factory=list)  # primary first, then those that touch the pillar
    money: Money = field(default_factory=Money)
    trends: TrendCount = field(default_factory=TrendCount)
    # Counts as the aantallen-* queries give them (hoofdpijler, raaktOok, inBijlage2, voortgezet, ...; inDeWijk, ...).
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return str(self.iri).rsplit("/", 1)[-1]

    @property
    def primary_efforts(self) -> list[EffortLine]:
        return [e for e in self.efforts if e.primary]

    @property
    def touching_efforts(self) -> list[EffortLine]:
        return [e for e in self.efforts if not e.primary]

    def count_status(self, status: str) -> int:
        return sum(1 for e in self.primary_efforts if e.status == status)

    @property
    def unmeasured_goals(self) -> list[GoalSection]:
        return [g for g in self.goals if not g.measured]


@dataclass
class Table:
    """Rows of a named query, for the financial and data-quality chapters; ``query`` names it for the reader."""

    query: str
    columns: list[str]
    rows: list[list[object]]


@dataclass
class Colophon:
    source_title: str
    source_edition: str
    data_date: str
    made: str
    definition_wijk: str = ""


@dataclass
class Report:
    generated: date
    area: URIRef
    area_label: str
    pillar: URIRef | None
    pillars: list[PillarSection]
    latest_year: int | None
    colophon: Colophon | None = None
    finance: dict[str, Table] = field(default_factory=dict)
    quality: dict[str, Table] = field(default_factory=dict)
    inferred_share: list[tuple[str, int, int, Decimal]] = field(default_factory=list)  # (kind of link, inferred, all, % inferred)
    is_wijk: bool = False
    totals: dict[str, int] = field(default_factory=dict)  # the totaal rows of the aantallen-* queries
    wijk_money: Money | None = None  # a wijk report: the money of the efforts in the wijk (financiering-per-wijk)
    programme_money: Money | None = None  # the totaal row of financiering-per-pijler: all of Dordt West's money, each flow once

    @property
    def slug(self) -> str:
        name = f"verantwoording-{str(self.area).rsplit('/', 1)[-1]}"
        return name + (f"-{str(self.pillar).rsplit('/', 1)[-1]}" if self.pillar else "")

    @property
    def scope(self) -> str:
        return self.area_label if self.is_wijk else "heel Dordt West"

    @property
    def title(self) -> str:
        pillar = f", pijler {self.pillars[0].label}" if self.pillar is not None and self.pillars else ""
        return f"Verantwoording Nationaal Programma Dordt West: {self.scope}{pillar}"

    def goals(self) -> list[GoalSection]:
        return [g for p in self.pillars for g in p.goals]

    @property
    def trends(self) -> TrendCount:
        """The pillars' trend counts together (each indicator and wijk is read under one goal of one pillar)."""
        total = TrendCount()
        for p in self.pillars:
            total.improved += p.trends.improved
            total.worsened += p.trends.worsened
            total.other += p.trends.other
            total.unknown += p.trends.unknown
        return total

    @property
    def unmeasured_goals(self) -> list[GoalSection]:
        return [g for p in self.pillars for g in p.unmeasured_goals]

    def find_indicator(self, goal: str, indicator: str) -> IndicatorView:
        for g in self.goals():
            if g.code == goal:
                for i in g.indicators:
                    if i.slug == indicator:
                        return i
        raise KeyError(f"{goal} / {indicator}")

    def pillar_section(self, slug_start: str) -> PillarSection:
        return next(p for p in self.pillars if p.slug.startswith(slug_start))
