"""The named query library: ``queries/*.rq`` files that describe themselves.

Each file starts with a header of ``#+`` comment lines (still valid SPARQL, as in grlc)::

    #+ title: Inspanningen per pijler en status
    #+ question: Welke inspanningen heeft elke pijler, en welke zijn voortgezet of nieuw?
    #+ param: pijler | iri | pijler:leefbaar-en-veilig | De pijler (weglaten: alle pijlers)
    #+ example: npdw query inspanningen-per-pijler --param pijler=pijler:gezond-en-samen-leven
    #+ theme: Inspanningen
    #+ chart: pijlerNaam | totaal
    #+ euro: totaal perJaar

``theme`` groups the question on the portal's Vragen page; ``chart`` asks for a bar chart of a
value column against a label column; ``euro`` names the columns that are amounts in euro (the
pages show them as money). A ``param`` line is ``name | kind | default | description``; kind is ``iri``, ``literal``,
``integer`` or ``decimal``; an empty default makes the parameter optional (unbound).
Parameters are bound as RDF terms by the engine, never spliced into the query text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from npdw_graph.errors import NpdwError
from npdw_graph.namespaces import PREFIXES

_HEADER = re.compile(r"^#\+\s*(\w+)\s*:\s*(.*)$")
_IRI_FORBIDDEN = re.compile(r'[\s<>"{}|^`\\]')
PARAM_KINDS = ("iri", "literal", "integer", "decimal")


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    default: str
    description: str

    @property
    def optional(self) -> bool:
        return self.default == ""


@dataclass
class NamedQuery:
    name: str
    path: Path
    text: str
    title: str = ""
    question: str = ""
    params: list[Param] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    theme: str = ""
    chart: tuple[str, str] | None = None  # (label column, value column)
    euro: tuple[str, ...] = ()

    def bindings(self, given: dict[str, str]) -> dict[str, Identifier]:
        """Turn ``--param`` values (and defaults) into RDF terms; unknown names are an error."""
        known = {p.name: p for p in self.params}
        for key in given:
            if key not in known:
                names = ", ".join(known) or "none"
                raise NpdwError(f"query {self.name} has no parameter '{key}' (parameters: {names})")
        out: dict[str, Identifier] = {}
        for p in self.params:
            raw = given.get(p.name, p.default)
            if raw == "":
                continue
            out[p.name] = to_term(raw, p.kind, f"parameter '{p.name}' of {self.name}")
        return out


def to_term(raw: str, kind: str, what: str = "value") -> Identifier:
    """Convert a command-line value to an RDF term of the declared kind."""
    if kind == "iri":
        value = raw.strip()
        if value.startswith("<") and value.endswith(">"):
            value = value[1:-1]
        elif ":" in value and not value.startswith(("http://", "https://", "urn:")):
            prefix, local = value.split(":", 1)
            if prefix not in PREFIXES:
                raise NpdwError(f"{what}: unknown prefix '{prefix}:' in {raw!r}")
            value = PREFIXES[prefix] + local
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value) or _IRI_FORBIDDEN.search(value):
            raise NpdwError(f"{what}: {raw!r} is not an IRI (use a prefixed name such as gebied:wielwijk or a full IRI)")
        return URIRef(value)
    if kind == "integer":
        try:
            return Literal(int(raw), datatype=XSD.integer)
        except ValueError:
            raise NpdwError(f"{what}: {raw!r} is not a whole number") from None
    if kind == "decimal":
        try:
            return Literal(Decimal(raw.replace(",", ".")), datatype=XSD.decimal)
        except InvalidOperation:
            raise NpdwError(f"{what}: {raw!r} is not a number") from None
    return Literal(raw)


def parse_query_file(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    q = NamedQuery(name=path.stem, path=path, text=text)
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if not m:
            if line.strip() and not line.lstrip().startswith("#"):
                break
            continue
        key, value = m.group(1).lower(), m.group(2).strip()
        if key == "title":
            q.title = value
        elif key == "question":
            q.question = value
        elif key == "example":
            q.examples.append(value)
        elif key == "theme":
            q.theme = value
        elif key == "euro":
            q.euro = tuple(v.lstrip("?") for v in re.split(r"[\s,]+", value) if v)
        elif key == "chart":
            parts = [p.strip().lstrip("?") for p in value.split("|")]
            if len(parts) != 2 or not all(parts):
                raise NpdwError(f"{path}: bad '#+ chart:' line {value!r}; expected 'label column | value column'")
            q.chart = (parts[0], parts[1])
        elif key == "param":
            parts = [p.strip() for p in value.split("|")]
            if len(parts) != 4 or parts[1] not in PARAM_KINDS:
                raise NpdwError(f"{path}: bad '#+ param:' line {value!r}; expected 'name | kind | default | description'")
            q.params.append(Param(*parts))
    if not q.title or not q.question:
        raise NpdwError(f"{path}: query header needs '#+ title:' and '#+ question:' lines")
    return q


def load_library(queries_dir: Path) -> dict[str, NamedQuery]:
    return {p.stem: parse_query_file(p) for p in sorted(queries_dir.glob("*.rq"))}


def resolve(name_or_file: str, queries_dir: Path) -> NamedQuery:
    path = Path(name_or_file)
    if path.suffix == ".rq" and path.exists():
        return parse_query_file(path)
    library = load_library(queries_dir)
    if name_or_file in library:
        return library[name_or_file]
    close = [n for n in library if name_or_file.lower() in n]
    hint = f" Did you mean: {', '.join(close[:5])}?" if close else " Use 'npdw query --list'."
    raise NpdwError(f"no query named '{name_or_file}'.{hint}")
