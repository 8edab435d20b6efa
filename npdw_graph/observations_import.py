"""``npdw import-observations``: read a year's measurements from CSV into ``data/metingen/``.

The CSV has the columns ``indicator, area, period, value, unit, source`` (comma, semicolon or
tab separated; UTF-8, a BOM is fine; lines starting with ``#`` are comments). ``indicator`` and
``area`` are slugs (``goed-ervaren-gezondheid``, ``wielwijk``), prefixed names
(``indicator:...``, ``gebied:...``) or full IRIs; ``value`` takes a decimal comma or point
(``check_value`` says what else it refuses); ``period`` is a year from 2023 to this year
(``check_year``). The data file is written by rdflib's Turtle serializer.

The import is strict and all-or-nothing: every problem is collected with its row (the line
number in the file, the header being row 1) and column, and if there is any, nothing is
written. Otherwise the observations become one new Turtle file
``data/metingen/<period>-<file-stem>.ttl`` in ``dataset:metingen`` with status
``npdw:Measurement``. They do not come from the Uitvoeringsprogramma, so instead of a
section and line they cite their origin as ``prov:wasDerivedFrom`` an ``npdw:ImportRecord``
(file name, SHA-256, import date) and ``npdw:sourceRow`` (the row in that file).

``--replace`` replaces earlier imported observations with the same indicator, area and
period: they are removed from their ``data/metingen/`` file (rewritten atomically, or deleted
when nothing is left in it). Observations from the source document itself (Bijlage 3, the
chapters) are never replaced by an import.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, QB, RDF, RDFS, XSD

from npdw_graph.atomic import atomic_write_text, exclusive_lock
from npdw_graph.errors import NpdwError
from npdw_graph.load import new_graph, parse_turtle_file, read_text
from npdw_graph.namespaces import ID, NPDW, PREFIXES
from npdw_graph.project import Project

COLUMNS = ("indicator", "area", "period", "value", "unit", "source")
METINGEN_DIR = "metingen"
DATASET = ID["dataset/metingen"]
IMPORT_NS = str(ID) + "importbestand/"
MAX_CSV_BYTES = 10 * 1024 * 1024
# A value: ASCII digits, an optional minus sign, at most one decimal comma or point (Dutch "61,5" or "61.5").
_VALUE = re.compile(r"^(-?)([0-9]+)(?:[.,]([0-9]+))?$")
_YEAR = re.compile(r"^[0-9]{4}$")
MAX_INTEGER_DIGITS = 12  # below 10^12: more than any count, amount or rate of the monitor
MAX_DECIMALS = 6
MAX_SIGNIFICANT_DIGITS = 15  # what a spreadsheet keeps; more is noise from a conversion
# An import holds follow-up measurements: from the programme's first year to this year (a figure cannot be
# measured in the future), never after the programme's last. Earlier figures are baselines or context
# (npdw:Baseline, npdw:Context), curated from the source document in data/ (the oldest there is 2018).
FIRST_YEAR, LAST_YEAR = 2023, 2043
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_AREA_CLASSES = ("Area", "Wijk", "Buurt", "FocusArea", "Municipality")


@dataclass(frozen=True)
class Problem:
    """One reason the file cannot be imported; ``row`` is the line number in the file (header = 1)."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ObservationImportError(NpdwError):
    """The CSV has problems; nothing was imported."""

    def __init__(self, path: Path, problems: list[Problem]):
        self.path = path
        self.problems = sorted(problems, key=lambda p: (p.row or 0, COLUMNS.index(p.column) if p.column in COLUMNS else len(COLUMNS)))
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{path.name}: {self.problems[0]}{more}; nothing imported")


@dataclass(frozen=True)
class Measurement:
    """One valid row of the CSV."""

    row: int
    indicator: URIRef
    area: URIRef
    year: int
    value: Decimal
    value_as_written: str
    unit: str
    source: str

    @property
    def key(self) -> tuple[URIRef, URIRef, int]:
        return (self.indicator, self.area, self.year)

    @property
    def iri(self) -> URIRef:
        return ID[f"observatie/{_local(self.indicator)}-{_local(self.area)}-{self.year}"]


@dataclass
class ImportPlan:
    """Everything an import would do, computed without writing anything."""

    csv_path: Path
    measurements: list[Measurement]
    target: Path  # the new data file
    record: URIRef
    text: str  # its Turtle
    replaced: dict[URIRef, str] = field(default_factory=dict)  # observation -> data file it is removed from
    rewrites: dict[Path, str | None] = field(default_factory=dict)  # other data file -> new text (None: delete)

    @property
    def count(self) -> int:
        return len(self.measurements)


@dataclass
class ImportResult:
    plan: ImportPlan
    written: bool


# ------------------------------------------------------------------ reading


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _local(iri: URIRef) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def _decode(raw: bytes, problems: list[Problem]) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        row = raw[: e.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, e.start) + 1
        header = raw.split(b"\n", 1)[0].decode("utf-8", "replace")
        delimiter = _delimiter(header)
        names = [h.strip().lower() for h in header.split(delimiter)]
        index = raw[line_start:e.start].count(delimiter.encode())
        column = names[index] if row > 1 and index < len(names) else None
        problems.append(Problem(row, column, f"not valid UTF-8 (byte 0x{raw[e.start]:02x}); save the file as UTF-8"))
        return None


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_rows(raw: bytes, problems: list[Problem]) -> list[tuple[int, dict[str, str]]]:
    """The data rows of a CSV file's bytes as (row number, column -> text); problems of form go to ``problems``."""
    if len(raw) > MAX_CSV_BYTES:
        problems.append(Problem(None, None, f"the file is larger than {MAX_CSV_BYTES // (1024 * 1024)} MB"))
        return []
    text = _decode(raw, problems)
    if text is None:
        return []
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        problems.append(Problem(None, None, "the file is empty (no header, no rows)"))
        return []
    header_row, header_line = lines[0]
    delimiter = _delimiter(header_line)
    header = [h.strip().lower() for h in _split(header_line, delimiter)]
    for name in COLUMNS:
        if name not in header:
            problems.append(Problem(header_row, name, f"missing column (the header must name: {', '.join(COLUMNS)})"))
    for name in header:
        if name not in COLUMNS:
            problems.append(Problem(header_row, name or "(empty)", f"unknown column (expected: {', '.join(COLUMNS)})"))
        elif header.count(name) > 1:
            problems.append(Problem(header_row, name, "column named twice"))
    if problems:
        return []
    if len(lines) == 1:
        problems.append(Problem(None, None, "the file has a header but no data rows"))
        return []
    rows = []
    for n, line in lines[1:]:
        try:
            fields = _split(line, delimiter)
        except csv.Error as e:
            problems.append(Problem(n, None, f"cannot read the row ({e}); a field may not span lines"))
            continue
        if len(fields) != len(header):
            problems.append(Problem(n, None, f"has {len(fields)} fields, the header has {len(header)}"))
            continue
        rows.append((n, {name: value.strip() for name, value in zip(header, fields, strict=True)}))
    return rows


def _split(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter, strict=True))


# ------------------------------------------------------------ the catalogue


@dataclass
class Catalogue:
    """What the graph knows that an import is checked against."""

    indicators: dict[URIRef, str]  # indicator -> its unit
    areas: dict[URIRef, str]  # area -> label
    existing: dict[tuple[URIRef, URIRef, int], list[tuple[URIRef, str]]]  # key -> [(observation, data file)]
    subjects: set[URIRef]

    @classmethod
    def from_project(cls, project: Project) -> Catalogue:
        """Read the data files with pyoxigraph directly: this runs twice per import and should be quick."""
        unit_of: dict[str, str] = {}
        typed: dict[str, set[str]] = defaultdict(set)
        dims: dict[str, dict[str, str]] = defaultdict(dict)
        origin: dict[str, str] = {}
        dimensions = {str(NPDW.indicator), str(NPDW.refArea), str(NPDW.refPeriod)}
        labels: dict[str, str] = {}
        subjects: set[URIRef] = set()
        for path in project.data_files():
            rel = project.relative(path)
            for q in _parse(path):
                s, p, o = q.subject, q.predicate.value, q.object
                if not isinstance(s, ox.NamedNode):
                    continue
                subjects.add(URIRef(s.value))
                if p == str(RDF.type):
                    typed[o.value].add(s.value)
                    if o.value == str(QB.Observation):
                        origin.setdefault(s.value, rel)
                elif p == str(NPDW.unit):
                    unit_of[s.value] = o.value
                elif p == str(RDFS.label):
                    labels.setdefault(s.value, o.value)
                elif p in dimensions:
                    dims[s.value].setdefault(p, o.value)
        indicators = {URIRef(s): unit_of.get(s, "") for s in typed[str(NPDW.Indicator)]}
        areas = {URIRef(s): labels.get(s, s.rsplit("/", 1)[-1]) for name in _AREA_CLASSES for s in typed[str(NPDW[name])]}
        existing: dict[tuple[URIRef, URIRef, int], list[tuple[URIRef, str]]] = {}
        for obs in typed[str(QB.Observation)]:
            d = dims.get(obs, {})
            ind, area, period = d.get(str(NPDW.indicator)), d.get(str(NPDW.refArea)), d.get(str(NPDW.refPeriod), "")
            if ind and area and _YEAR.match(period[:4]):
                existing.setdefault((URIRef(ind), URIRef(area), int(period[:4])), []).append((URIRef(obs), origin.get(obs, "?")))
        return cls(indicators, areas, existing, subjects)


def _parse(path: Path) -> list[ox.Quad]:
    try:
        return list(ox.parse(read_text(path), ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()))
    except (SyntaxError, ValueError):
        parse_turtle_file(path, new_graph())  # raises the located SourceError
        raise


def resolve_term(text: str, namespace: str) -> URIRef | None:
    """A slug, prefixed name or full IRI as an IRI in ``namespace`` (None if it is not one)."""
    value = text.strip()
    if value.startswith("<") and value.endswith(">"):
        return URIRef(value[1:-1])
    if value.startswith(("http://", "https://")):
        return URIRef(value)
    if ":" in value:
        prefix, local = value.split(":", 1)
        if prefix in PREFIXES:
            return URIRef(PREFIXES[prefix] + local)
        return None
    slug = slugify(value)
    return URIRef(namespace + slug) if slug else None


def _suggest(text: str, candidates: list[URIRef]) -> str:
    close = difflib.get_close_matches(slugify(text), [_local(c) for c in candidates], n=3, cutoff=0.6)
    return f" (did you mean: {', '.join(close)}?)" if close else ""


def _shown(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def _other_digits(text: str) -> bool:
    return any(c.isdigit() and not c.isascii() for c in text)


def _control_character(text: str) -> str | None:
    return next((c for c in text if unicodedata.category(c) in ("Cc", "Zl", "Zp") or c in _BIDI), None)


def check_year(text: str, this_year: int) -> tuple[int | None, str | None]:
    """The period as a year, or why it is not one an import can hold."""
    last = min(LAST_YEAR, this_year)
    if _other_digits(text):
        return None, f"'{_shown(text)}' uses digits of another script; write the year with the digits 0-9"
    if not _YEAR.match(text):
        return None, f"'{_shown(text)}' is not a year (write it as four digits, e.g. {last})"
    year = int(text)
    if not FIRST_YEAR <= year <= last:
        return None, (f"{year} is outside the years an import can hold, {FIRST_YEAR} to {last} (from the programme's start to "
                      "this year); earlier figures are baselines, which come from the source document")
    return year, None


def check_value(written: str) -> tuple[Decimal | None, str | None]:
    """The value as a Decimal, or why it is refused: only ASCII digits, an optional minus sign, one decimal comma
    or point; no plus sign, no negative zero, at most 12 digits before and 6 after the separator, 15 in all."""
    shown = _shown(written)
    if _other_digits(written):
        return None, f"'{shown}' uses digits of another script; write the number with the digits 0-9"
    if written.startswith("+"):
        return None, f"'{shown}' has a plus sign; write the number without it"
    match = _VALUE.match(written)
    if not match:
        return None, f"'{shown}' is not a number (digits with at most one decimal comma or point, no thousands separators)"
    sign, whole, fraction = match.group(1), match.group(2), match.group(3) or ""
    if len(whole.lstrip("0")) > MAX_INTEGER_DIGITS:
        return None, f"'{shown}' has more than {MAX_INTEGER_DIGITS} digits before the decimal separator; not a plausible figure"
    if len(fraction) > MAX_DECIMALS:
        return None, f"'{shown}' has more than {MAX_DECIMALS} decimals; round it"
    if len((whole + fraction).lstrip("0")) > MAX_SIGNIFICANT_DIGITS:
        return None, f"'{shown}' has more than {MAX_SIGNIFICANT_DIGITS} significant digits; round it"
    value = Decimal(f"{sign}{whole}.{fraction or '0'}")
    if sign and value == 0:
        return None, f"'{shown}' is a negative zero; write 0"
    return value, None


def check_rows(rows: list[tuple[int, dict[str, str]]], catalogue: Catalogue, problems: list[Problem],
               today: date | None = None) -> list[Measurement]:
    indicator_ns, area_ns = str(ID) + "indicator/", str(ID) + "gebied/"
    found: list[Measurement] = []
    first_row: dict[tuple[URIRef, URIRef, int], int] = {}
    for n, row in rows:
        before = len(problems)
        indicator = resolve_term(row["indicator"], indicator_ns)
        if not row["indicator"]:
            problems.append(Problem(n, "indicator", "empty"))
        elif indicator not in catalogue.indicators:
            hint = _suggest(row["indicator"], list(catalogue.indicators))
            problems.append(Problem(n, "indicator", f"unknown indicator '{row['indicator']}'{hint}"))
        area = resolve_term(row["area"], area_ns)
        if not row["area"]:
            problems.append(Problem(n, "area", "empty"))
        elif area not in catalogue.areas:
            hint = _suggest(row["area"], list(catalogue.areas))
            problems.append(Problem(n, "area", f"unknown area '{row['area']}'{hint}"))
        for column in COLUMNS:
            bad = _control_character(row[column])
            if bad:
                problems.append(Problem(n, column, f"contains the control character U+{ord(bad):04X}; remove it"))
        year, complaint = check_year(row["period"], (today or date.today()).year)
        if complaint:
            problems.append(Problem(n, "period", complaint))
        value, complaint = check_value(row["value"])
        if complaint:
            problems.append(Problem(n, "value", complaint))
        if indicator in catalogue.indicators:
            expected = catalogue.indicators[indicator]  # type: ignore[index]
            if row["unit"] != expected:
                problems.append(Problem(n, "unit", f"'{row['unit']}' differs from the unit of {_local(indicator)}, '{expected}'"))  # type: ignore[arg-type]
        if not row["source"]:
            problems.append(Problem(n, "source", "empty (name the instrument or organisation the figure comes from)"))
        if len(problems) > before or indicator is None or area is None or year is None or value is None:
            continue
        m = Measurement(n, indicator, area, year, value, row["value"], row["unit"], row["source"])
        if m.key in first_row:
            problems.append(Problem(n, "indicator, area, period", f"same indicator, area and period as row {first_row[m.key]}"))
            continue
        first_row[m.key] = n
        found.append(m)
    return found


# ------------------------------------------------------------- planning


def _period_label(measurements: list[Measurement]) -> str:
    years = sorted({m.year for m in measurements})
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


def plan_import(project: Project, csv_path: Path, replace: bool = False, today: date | None = None) -> ImportPlan:
    """Check the CSV against the graph and work out the files to write; raise if there is any problem."""
    problems: list[Problem] = []
    try:
        raw = csv_path.read_bytes()  # read once: the checksum is of exactly what was checked
    except OSError as e:
        raise NpdwError(f"cannot read {csv_path}: {e.strerror or e}") from None
    rows = read_rows(raw, problems)
    if not rows:
        raise ObservationImportError(csv_path, problems)
    catalogue = Catalogue.from_project(project)
    measurements = check_rows(rows, catalogue, problems, today)  # also the rows next to a malformed one
    if problems:
        raise ObservationImportError(csv_path, problems)

    metingen = project.data_dir / METINGEN_DIR
    stem = slugify(csv_path.stem) or "import"
    period = _period_label(measurements)
    target = metingen / f"{period}-{stem}.ttl"
    target_rel = project.relative(target)
    record = URIRef(f"{IMPORT_NS}{period}-{stem}")
    replaced: dict[URIRef, str] = {}
    for m in measurements:
        reported = len(problems)
        for obs, file in catalogue.existing.get(m.key, []):
            what = f"{_local(m.indicator)} in {_local(m.area)} for {m.year} already exists ({_local(obs)} in {file})"
            if not replace:
                problems.append(Problem(m.row, "indicator, area, period", f"an observation of {what}; use --replace to replace it"))
            elif not file.startswith(f"{project.data_dir.name}/{METINGEN_DIR}/"):
                problems.append(Problem(m.row, "indicator, area, period",
                                        f"an observation of {what}, which comes from the source document; an import cannot replace it"))
            else:
                replaced[obs] = file
        if len(problems) == reported and m.iri in catalogue.subjects and m.iri not in replaced:
            problems.append(Problem(m.row, "indicator, area, period", f"the identifier {_local(m.iri)} is already used in the data"))
    rewrites: dict[Path, str | None] = {}
    if target.exists():
        if not replace:
            problems.append(Problem(None, None, f"{target_rel} already exists (a file with this name was imported before); "
                                                "use --replace to import it again"))
        else:
            leftover = sorted(_local(o) for o in _observations_in(target) if o not in replaced)
            if leftover:
                problems.append(Problem(None, None, f"{target_rel} already exists and holds observations this file does not replace "
                                                    f"({', '.join(leftover[:5])}{', ...' if len(leftover) > 5 else ''}); "
                                                    "rename the CSV or import those rows too"))
    if problems:
        raise ObservationImportError(csv_path, problems)
    for file in sorted(set(replaced.values())):
        path = project.root / file
        if path != target:
            rewrites[path] = _without(path, {o for o, f in replaced.items() if f == file})
    digest = hashlib.sha256(raw).hexdigest()
    text = observations_turtle(measurements, record, csv_path.name, digest, today or date.today())
    return ImportPlan(csv_path, measurements, target, record, text, replaced, rewrites)


def _observations_in(path: Path) -> set[URIRef]:
    g = new_graph()
    parse_turtle_file(path, g)
    return {s for s in g.subjects(RDF.type, QB.Observation) if isinstance(s, URIRef)}


def _without(path: Path, observations: set[URIRef]) -> str | None:
    """The text of an imported-data file without some observations; None when no observation is left."""
    g = new_graph()
    parse_turtle_file(path, g)
    for obs in observations:
        g.remove((obs, None, None))
    remaining = {s for s in g.subjects(RDF.type, QB.Observation)}
    if not remaining:
        return None
    used_records = {o for o in g.objects(None, PROV.wasDerivedFrom)}
    for record in set(g.subjects(RDF.type, NPDW.ImportRecord)) - used_records:
        g.remove((record, None, None))
    header = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    return serialise(g, header)


# ---------------------------------------------------------------- writing

_FILE_PREFIXES = {**PREFIXES, "importbestand": IMPORT_NS}


def single_line(text: str) -> str:
    """``text`` on one line (a ``#`` comment, a message): line breaks, other control characters and bidi
    overrides become U+FFFD, so a file name can never end a comment and start Turtle of its own."""
    return "".join("\ufffd" if unicodedata.category(c) in ("Cc", "Zl", "Zp") or c in _BIDI else c for c in text)


def serialise(graph: Graph, header: list[str]) -> str:
    """A file of imported observations: the comment lines of ``header``, then the graph as Turtle written
    by rdflib (every IRI and string escaped by the library, never pasted into the text)."""
    for prefix, ns in _FILE_PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    turtle = graph.serialize(format="turtle")
    comments = [line if line.startswith("#") else f"# {line}" for line in (single_line(h) for h in header)]
    return "\n".join([*comments, "", turtle.strip(), ""])


def observations_turtle(measurements: list[Measurement], record: URIRef, file_name: str, digest: str, today: date) -> str:
    g = new_graph()
    g.add((record, RDF.type, NPDW.ImportRecord))
    g.add((record, RDFS.label, Literal(f"Import van {file_name} op {today.isoformat()}", lang="nl")))
    g.add((record, NPDW.fileName, Literal(file_name)))
    g.add((record, NPDW.sha256, Literal(digest)))
    g.add((record, DCTERMS.created, Literal(today.isoformat(), datatype=XSD.date)))
    for m in measurements:
        o = m.iri
        g.add((o, RDF.type, QB.Observation))
        g.add((o, QB.dataSet, DATASET))
        g.add((o, NPDW.indicator, m.indicator))
        g.add((o, NPDW.refArea, m.area))
        g.add((o, NPDW.refPeriod, Literal(str(m.year), datatype=XSD.gYear)))
        g.add((o, NPDW.value, Literal(m.value, datatype=XSD.decimal)))
        g.add((o, NPDW.valueAsWritten, Literal(m.value_as_written)))
        g.add((o, NPDW.unit, Literal(m.unit)))
        g.add((o, NPDW.observationSource, Literal(m.source)))
        g.add((o, NPDW.observationStatus, NPDW.Measurement))
        g.add((o, PROV.wasDerivedFrom, record))
        g.add((o, NPDW.sourceRow, Literal(m.row, datatype=XSD.integer)))
    header = [f"# Vervolgmetingen, ingelezen met `npdw import-observations` uit {single_line(file_name)} op {today.isoformat()}.",
              "# Gegenereerd bestand: verbeter de CSV en lees die opnieuw in met --replace, in plaats van dit bestand te bewerken.",
              "# Herkomst per meting: prov:wasDerivedFrom (het importbestand) en npdw:sourceRow (de rij in de CSV)."]
    return serialise(g, header)


# ---------------------------------------------------------------- the job


def import_observations(project: Project, csv_path: Path, dry_run: bool = False, replace: bool = False,
                        today: date | None = None) -> ImportResult:
    """Import the CSV (all or nothing). With ``dry_run`` only check it and say what would happen."""
    plan = plan_import(project, csv_path, replace=replace, today=today)  # fails before anything is touched
    if dry_run:
        return ImportResult(plan, written=False)
    with exclusive_lock(project.data_dir, "import-observations"):
        plan = plan_import(project, csv_path, replace=replace, today=today)  # again: the data may have changed meanwhile
        _check_turtle(plan)
        for path, text in plan.rewrites.items():
            if text is None:
                path.unlink()
            else:
                atomic_write_text(path, text)
        atomic_write_text(plan.target, plan.text)
    return ImportResult(plan, written=True)


def _check_turtle(plan: ImportPlan) -> None:
    """Parse what is about to be written: a bug here must never leave broken data behind."""
    for path, text in [(plan.target, plan.text), *plan.rewrites.items()]:
        if text is None:
            continue
        try:
            triples = list(ox.parse(text, ox.RdfFormat.TURTLE))
        except SyntaxError as e:  # pragma: no cover - a bug in serialise()
            raise NpdwError(f"internal error: the Turtle for {path.name} does not parse ({e}); nothing imported") from None
        if path == plan.target:
            n = sum(1 for t in triples if t.predicate.value == str(RDF.type) and t.object.value == str(QB.Observation))
            if n != plan.count:  # pragma: no cover - a bug in serialise()
                raise NpdwError(f"internal error: {n} observations in the Turtle for {plan.count} rows; nothing imported")
