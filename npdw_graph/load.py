"""Load the hand-edited sources (ontology, shapes, data) with precise syntax errors.

Parsing uses pyoxigraph (fast, and its errors carry line and column). Every file is parsed
once into a pyoxigraph store (build, validation, queries and stats all run on it). The
ontology and the shapes are also kept as small rdflib graphs; an rdflib copy of the whole
merged graph is made only when something asks for ``Sources.graph`` (the exports and the
site use rdflib's API), because at a million triples that copy costs more than everything else.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from npdw_graph.errors import SourceError
from npdw_graph.namespaces import PREFIXES
from npdw_graph.project import Project
from npdw_graph.rdfterms import WELL_FORMED_LEXICAL, caching_converter, to_rdflib

_OX_POSITION = re.compile(r"line (\d+) column (\d+)")
MAX_FILE_BYTES = 50 * 1024 * 1024
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SH = PREFIXES["sh"]
_TYPE_NODE = ox.NamedNode(_RDF_TYPE)
_XSD = "http://www.w3.org/2001/XMLSchema#"
_CHECKED_DATATYPES = {_XSD + t for t in ("integer", "decimal", "double", "float", "boolean", "gYear", "date", "dateTime", "int", "long")}
_WELL_FORMED = {dt: re.compile(pattern) for dt, pattern in WELL_FORMED_LEXICAL.items()}
_TERM_REFERENCES = {_SH + "path", _SH + "class", _SH + "targetClass", _SH + "targetSubjectsOf", _SH + "targetObjectsOf"}


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
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        raise SourceError(path, line, col, f"not valid UTF-8 (byte 0x{raw[e.start]:02x}); save the file as UTF-8") from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise SourceError(path, line, None, "contains a NUL character")
    return text


def parse_turtle(path: Path, text: str | None = None) -> list[ox.Quad]:
    """Parse one Turtle file (``text``: its content, if already read); raise SourceError with file, line
    and column on bad syntax."""
    text = read_text(path) if text is None else text
    try:
        return list(ox.parse(text, ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri(), rename_blank_nodes=True))
    except SyntaxError as e:
        msg = str(e)
        m = _OX_POSITION.search(msg)
        line, col = (int(m.group(1)), int(m.group(2))) if m else (None, None)
        problem = msg.split(": ", 1)[1] if ": " in msg else msg
        problem = re.sub(r"\s*\([^()]*, line \d+\)\s*$", "", problem)
        raise SourceError(path, line, col, f"Turtle syntax error: {problem}") from None
    except (ValueError, OSError) as e:
        raise SourceError(path, None, None, f"cannot parse: {e}") from None


def parse_turtle_file(path: Path, into: Graph) -> int:
    """Parse one Turtle file into an rdflib graph; returns the number of triples read."""
    quads = parse_turtle(path)
    into.addN((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), into) for q in quads)
    return len(quads)


@dataclass
class FileTerms:
    """The classes and properties one file uses (for the unknown-term check)."""

    path: Path
    properties: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    ill_typed: list[tuple[str, str]] = field(default_factory=list)  # (lexical form, datatype IRI)


_CLASS_REFERENCES = {ox.NamedNode(_RDF_TYPE), ox.NamedNode(_SH + "class"), ox.NamedNode(_SH + "targetClass")}
_PROPERTY_REFERENCES = {ox.NamedNode(t) for t in _TERM_REFERENCES} - _CLASS_REFERENCES


def _terms_of(path: Path, quads: list[ox.Quad], convert: Callable[[ox.Literal], Node] = to_rdflib) -> FileTerms:
    terms = FileTerms(path)
    predicates = {q.predicate for q in quads}
    terms.properties.update(p.value for p in predicates)
    for o in {q.object for q in quads if isinstance(q.object, ox.Literal)}:  # each distinct literal once
        dt = o.datatype.value
        if dt in _CHECKED_DATATYPES and not (dt in _WELL_FORMED and _WELL_FORMED[dt].fullmatch(o.value)) \
                and getattr(convert(o), "ill_typed", False):
            terms.ill_typed.append((o.value, dt))
    class_refs, property_refs = predicates & _CLASS_REFERENCES, predicates & _PROPERTY_REFERENCES
    if class_refs or property_refs:
        for q in quads:
            if q.predicate in class_refs and isinstance(q.object, ox.NamedNode):
                terms.classes.add(q.object.value)
            elif q.predicate in property_refs and isinstance(q.object, ox.NamedNode):
                terms.properties.add(q.object.value)
    return terms


def store_to_graph(store: ox.Store) -> Graph:
    """An rdflib copy of the default graph of ``store`` (each distinct term converted once)."""
    graph = new_graph()
    term = caching_converter()
    graph.addN((term(q.subject), term(q.predicate), term(q.object), graph)  # type: ignore[arg-type]
               for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    return graph


@dataclass
class Sources:
    """The parsed sources of a project."""

    ontology: Graph
    shapes: Graph
    store: ox.Store  # ontology + data (the merged graph), in pyoxigraph
    origin: dict[Node, str] = field(default_factory=dict)  # subject -> relative data file
    files: list[str] = field(default_factory=list)
    file_terms: list[FileTerms] = field(default_factory=list)  # data and shapes files
    _graph: Graph | None = field(default=None, repr=False)

    @property
    def graph(self) -> Graph:
        """The merged graph as rdflib (made on first use, then kept; later changes to ``store`` are not seen)."""
        if self._graph is None:
            self._graph = store_to_graph(self.store)
        return self._graph


def _load_into(store: ox.Store, path: Path, text: str, quads: list[ox.Quad]) -> None:
    """Add one parsed file to ``store``. Blank node labels (``_:x``) are scoped to their file, and the
    bulk loader would keep them as written, so such a file goes in as the quads parsed with renamed
    blank nodes; other files are loaded from their text (``[]`` nodes get fresh ids either way)."""
    if "_:" in text:
        store.bulk_extend(quads)
        return
    try:
        store.bulk_load(text, ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri(), lenient=True)  # already parsed strictly
    except (SyntaxError, ValueError, OSError) as e:  # the parser accepted it a moment ago; should not happen
        raise SourceError(path, None, None, f"cannot load: {e}") from None


def load_sources(project: Project) -> Sources:
    """Parse every ontology, shapes and data file once; remember which data file defines each subject."""
    ontology, shapes = new_graph(), new_graph()
    store = ox.Store()
    files: list[str] = []
    file_terms: list[FileTerms] = []
    origin: dict[Node, str] = {}
    typed: dict[Node, str] = {}
    mentioned: dict[Node, str] = {}

    term = caching_converter()  # half the load time, a third less memory at 1M triples

    def add(target: Graph, quads: list[ox.Quad]) -> None:
        target.addN((term(q.subject), term(q.predicate), term(q.object), target) for q in quads)

    for path in project.ontology_files():
        quads = parse_turtle(path)
        add(ontology, quads)
        store.bulk_extend(quads)  # parsed Turtle: every quad is in the default graph
        files.append(project.relative(path))
    for path in project.shape_files():
        quads = parse_turtle(path)
        add(shapes, quads)
        files.append(project.relative(path))
        file_terms.append(_terms_of(path, quads, term))
    # The store is filled on a second core while this thread checks the parsed quads: pyoxigraph's
    # bulk loader parses and inserts a file without holding the GIL (parse + merge of 1M triples: 5.6 s -> 5 s).
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="npdw-load") as loader:
        loading = []
        for path in project.data_files():
            text = read_text(path)
            quads = parse_turtle(path, text)  # syntax errors are raised here, with line and column
            loading.append(loader.submit(_load_into, store, path, text, quads))
            rel = project.relative(path)
            files.append(rel)
            file_terms.append(_terms_of(path, quads, term))
            for s in dict.fromkeys(q.subject for q in quads):
                if isinstance(s, ox.NamedNode):
                    mentioned.setdefault(term(s), rel)
            for s in {q.subject for q in quads if q.predicate == _TYPE_NODE}:  # the file that types a resource defines it
                if isinstance(s, ox.NamedNode):
                    typed.setdefault(term(s), rel)
        for done in loading:
            done.result()
    origin.update(mentioned)
    origin.update(typed)
    return Sources(ontology=ontology, shapes=shapes, store=store, origin=origin, files=files, file_terms=file_terms)
