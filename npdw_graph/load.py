"""Load the hand-edited sources (ontology, shapes, data) with precise syntax errors.

Parsing uses pyoxigraph (fast, and its errors carry line and column); the result is an
rdflib graph, because pySHACL and most of the code work on rdflib's API.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from npdw_graph.errors import SourceError
from npdw_graph.namespaces import PREFIXES
from npdw_graph.project import Project
from npdw_graph.rdfterms import add_ox_triples

_OX_POSITION = re.compile(r"line (\d+) column (\d+)")
MAX_FILE_BYTES = 50 * 1024 * 1024


def new_graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def read_text(path: Path) -> str:
    """Read a source file as UTF-8, naming the line of the first undecodable byte."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise SourceError(path, None, None, f"cannot read file: {e.strerror or e}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise SourceError(path, None, None, f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        raise SourceError(path, line, col, f"not valid UTF-8 (byte 0x{raw[e.start]:02x}); save the file as UTF-8") from None


def parse_turtle_file(path: Path, into: Graph) -> int:
    """Parse one Turtle file into ``into``; raise SourceError with line/column on bad syntax."""
    text = read_text(path)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise SourceError(path, line, None, "contains a NUL character")
    try:
        quads = list(ox.parse(text, ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri(), rename_blank_nodes=True))
    except SyntaxError as e:
        msg = str(e)
        m = _OX_POSITION.search(msg)
        line, col = (int(m.group(1)), int(m.group(2))) if m else (None, None)
        problem = msg.split(": ", 1)[1] if ": " in msg else msg
        problem = re.sub(r"\s*\([^()]*, line \d+\)\s*$", "", problem)
        raise SourceError(path, line, col, f"Turtle syntax error: {problem}") from None
    except (ValueError, OSError) as e:
        raise SourceError(path, None, None, f"cannot parse: {e}") from None
    return add_ox_triples(into, quads)


@dataclass
class Sources:
    """The parsed sources of a project."""

    ontology: Graph
    shapes: Graph
    data: Graph
    origin: dict[Node, str] = field(default_factory=dict)  # subject -> relative data file
    files: list[str] = field(default_factory=list)
    per_file: list[tuple[Path, Graph]] = field(default_factory=list)  # data and shapes files, for term checks


def load_sources(project: Project) -> Sources:
    """Parse every ontology, shapes and data file; remember which data file defines each subject."""
    ontology, shapes, data = new_graph(), new_graph(), new_graph()
    files: list[str] = []
    per_file: list[tuple[Path, Graph]] = []
    for path in project.ontology_files():
        parse_turtle_file(path, ontology)
        files.append(project.relative(path))
    for path in project.shape_files():
        part = new_graph()
        parse_turtle_file(path, part)
        files.append(project.relative(path))
        per_file.append((path, part))
        shapes += part
    origin: dict[Node, str] = {}
    for path in project.data_files():
        part = new_graph()
        parse_turtle_file(path, part)
        rel = project.relative(path)
        files.append(rel)
        per_file.append((path, part))
        for s in part.subjects(RDF.type, None):
            origin.setdefault(s, rel)
        for s in part.subjects():
            if isinstance(s, URIRef):
                origin.setdefault(s, rel)
        data += part
    return Sources(ontology=ontology, shapes=shapes, data=data, origin=origin, files=files, per_file=per_file)
