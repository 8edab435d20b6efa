"""``npdw import-observations``: read a year's measurements from CSV into ``data/metingen/``.

The CSV has the columns ``indicator, area, period, value, unit, source`` (comma, semicolon or
tab separated; UTF-8, a BOM is fine; lines starting with ``#`` are comments). ``indicator`` and
``area`` are slugs (``goed-ervaren-gezondheid``, ``wielwijk``), prefixed names
(``indicator:...``, ``gebied:...``) or full IRIs; ``value`` takes a decimal comma or point.

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
from rdflib import BNode, Graph, Literal, URIRef
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
_VALUE = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_YEAR = re.compile(r"^\d{4}$")
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


def check_rows(rows: list[tuple[int, dict[str, str]]], catalogue: Catalogue, problems: list[Problem]) -> list[Measurement]:
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
        year = None
        if not _YEAR.match(row["period"]) or not 1900 <= int(row["period"]) <= 2100:
            problems.append(Problem(n, "period", f"'{row['period']}' is not a year (write it as four digits, e.g. 2025)"))
        else:
            year = int(row["period"])
        written = row["value"].replace("\u00a0", "").replace(" ", "")
        value = None
        if not _VALUE.match(written):
            problems.append(Problem(n, "value", f"'{row['value']}' is not a number (digits with at most one decimal comma or point, "
                                                "no thousands separators)"))
        else:
            value = Decimal(written.replace(",", "."))
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
    measurements = check_rows(rows, catalogue, problems)  # also the rows next to a malformed one
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

_ORDER = [RDF.type, RDFS.label, NPDW.fileName, NPDW.sha256, DCTERMS.created, QB.dataSet, NPDW.indicator, NPDW.refArea,
          NPDW.refPeriod, NPDW.value, NPDW.valueAsWritten, NPDW.unit, NPDW.observationSource, NPDW.observationStatus,
          PROV.wasDerivedFrom, NPDW.sourceRow]
_PREFIXED_LOCAL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]*$")
_FILE_PREFIXES = {**PREFIXES, "importbestand": IMPORT_NS}


def _term(t: URIRef | Literal) -> str:
    if isinstance(t, URIRef):
        best = max((p for p, ns in _FILE_PREFIXES.items() if str(t).startswith(ns)), key=lambda p: len(_FILE_PREFIXES[p]), default="")
        local = str(t)[len(_FILE_PREFIXES[best]):] if best else ""
        if best and _PREFIXED_LOCAL.match(local):
            return f"{best}:{local}"
        return f"<{t}>"
    if isinstance(t, Literal):
        if t.datatype == XSD.decimal:
            d = Decimal(str(t))
            text = format(d, "f")
            return text if "." in text else text + ".0"
        if t.datatype == XSD.integer:
            return str(int(str(t)))
        escaped = str(t).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
        if t.language:
            return f'"{escaped}"@{t.language}'
        if t.datatype is not None and t.datatype != XSD.string:
            return f'"{escaped}"^^{_term(t.datatype)}'
        return f'"{escaped}"'
    raise NpdwError(f"cannot write {t!r} (blank nodes are not expected in imported data)")


def serialise(graph: Graph, header: list[str]) -> str:
    """Readable, stable Turtle for a file of imported observations: import records first, then observations."""
    subjects = sorted({s for s in graph.subjects() if not isinstance(s, BNode)},
                      key=lambda s: (graph.value(s, RDF.type) != NPDW.ImportRecord, int(graph.value(s, NPDW.sourceRow) or 0), str(s)))
    blocks = []
    used: set[str] = set()
    for s in subjects:
        preds = sorted(set(graph.predicates(s)), key=lambda p: (_ORDER.index(p) if p in _ORDER else len(_ORDER), str(p)))
        parts = []
        for p in preds:
            objects = sorted(graph.objects(s, p), key=str)
            verb = "a" if p == RDF.type else _term(p)  # type: ignore[arg-type]
            parts.append(f"{verb} " + " , ".join(_term(o) for o in objects))  # type: ignore[arg-type]
        block = f"{_term(s)} " + " ;\n    ".join(parts) + " ."  # type: ignore[arg-type]
        used.update(re.findall(r"(?<![\w<\"])([a-z][\w-]*):(?=[A-Za-z0-9_])", block))
        blocks.append(block)
    prefixes = [f"@prefix {p}: <{ns}> ." for p, ns in _FILE_PREFIXES.items() if p in used]
    return "\n".join([*header, "", *prefixes, "", "\n\n".join(blocks), ""])


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
    header = [f"# Vervolgmetingen, ingelezen met `npdw import-observations` uit {file_name} op {today.isoformat()}.",
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
