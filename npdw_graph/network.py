"""The goals-efforts network (Bijlage 2's promise) as a NetworkX graph built from SPARQL results.

The graph is made from exactly two named queries, ``queries/netwerk-knopen.rq`` (one row per
node) and ``queries/netwerk-verbanden.rq`` (one row per directed edge), run on any engine
(embedded pyoxigraph or rdflib, or a remote endpoint); there is no second copy of the data.
Node ids are the resources' IRIs. Node and edge attributes are plain strings and numbers, so
the graph can be written to GraphML and GEXF as it is.

``npdw network`` (:func:`generate`) writes the graph, the analyses, Bijlage 2 and the
interactive pages to ``dist/network/``.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from npdw_graph.errors import NpdwError
from npdw_graph.namespaces import PREFIXES
from npdw_graph.network_names import VIEW_GROUPS
from npdw_graph.queryengine import Engine, OxigraphEngine, SelectResult
from npdw_graph.querylib import resolve

NODE_QUERY = "netwerk-knopen"
EDGE_QUERY = "netwerk-verbanden"

# Node types in display order, with their Dutch names (keys are what GraphML/GEXF/JSON carry).
NODE_TYPES: dict[str, str] = {
    "pijler": "Pijler",
    "strategisch-doel": "Strategisch doel",
    "operationeel-doel": "Operationeel doel",
    "inspanning": "Inspanning",
    "partner": "Partner",
    "regeling": "Regeling (financiering)",
    "gebied": "Wijk of gebied",
}
EDGE_KINDS: dict[str, str] = {
    "draagt-bij-aan": "draagt bij aan",
    "in-pijler": "in pijler",
    "werkt-uit": "werkt uit",
    "partner-van": "partner van",
    "gefinancierd-door": "gefinancierd door",
    "in-gebied": "in wijk of gebied",
    "raakt-pijler": "raakt pijler",
}
BASES: dict[str, str] = {"genoemd": "genoemd in de bron", "afgeleid": "afgeleid"}
GOAL_TYPES = ("strategisch-doel", "operationeel-doel")

_NODE_TEXT = ("label", "kortNaam", "pijler", "beschrijving", "status", "subsoort", "financier", "binnen", "bron")


# ------------------------------------------------------------------ building the graph


@dataclass
class Table:
    """A SELECT result as plain text: what the network needs from any engine."""

    variables: list[str]
    rows: list[list[str | None]]

    def dicts(self) -> list[dict[str, str]]:
        return [{v: ("" if x is None else x) for v, x in zip(self.variables, row, strict=True)} for row in self.rows]


def select_table(engine: Engine, query: str) -> Table:
    """Run a SELECT; on pyoxigraph read the values directly (converting 10⁵ terms to rdflib costs seconds)."""
    if isinstance(engine, OxigraphEngine):
        res = engine.store.query(query, prefixes=PREFIXES)
        if not isinstance(res, ox.QuerySolutions):
            raise NpdwError("the network queries must be SELECT queries")
        variables = [v.value for v in res.variables]
        return Table(variables, [[None if t is None else t.value for t in sol] for sol in res])
    result: SelectResult = engine.select(query)
    return Table(result.variables, [[None if t is None else str(t) for t in row] for row in result.rows])


def _int(text: str | None) -> int:
    try:
        return int(float(text)) if text else 0
    except ValueError:
        return 0


def _dedupe(text: str | None, sep: str) -> str:
    """GROUP_CONCAT without DISTINCT (rdflib fails on DISTINCT over unbound values): dedupe here."""
    return sep.join(dict.fromkeys(p.strip() for p in (text or "").split(sep) if p.strip()))


def network_from_tables(nodes: Table, edges: Table) -> nx.DiGraph:
    """Make the DiGraph from the rows of ``netwerk-knopen`` and ``netwerk-verbanden``."""
    g = nx.DiGraph()
    merged = 0
    for row in nodes.dicts():
        node = row["knoop"]
        if node in g:
            raise NpdwError(f"{NODE_QUERY} returns {node} twice (as {g.nodes[node]['soort']} and {row['soort']})")
        if row["soort"] not in NODE_TYPES:
            raise NpdwError(f"{NODE_QUERY} returns unknown soort {row['soort']!r} for {node}")
        attrs: dict[str, str | int] = {"soort": row["soort"]}
        for key in _NODE_TEXT:
            attrs[key] = row.get(key, "")
        attrs["financier"] = _dedupe(str(attrs["financier"]), "; ")
        attrs["binnen"] = _dedupe(str(attrs["binnen"]), " ")
        attrs["volgorde"] = _int(row.get("volgorde"))
        g.add_node(node, **attrs)
    col = {v: i for i, v in enumerate(edges.variables)}
    i_van, i_naar, i_soort, i_grond = col["van"], col["naar"], col["soort"], col["grondslag"]
    i_uitleg, i_rol, i_tk = col.get("toelichting"), col.get("rol"), col.get("toekenningen")
    for row in edges.rows:
        u, v, kind = row[i_van] or "", row[i_naar] or "", row[i_soort] or ""
        if u not in g or v not in g:
            missing = u if u not in g else v
            raise NpdwError(f"{EDGE_QUERY} links {u} -{kind}-> {v}, but {NODE_QUERY} has no node {missing}")
        if g.has_edge(u, v):
            merged += 1
            continue
        g.add_edge(
            u, v,
            soort=kind,
            grondslag=row[i_grond] or "",
            toelichting=_dedupe(row[i_uitleg], " | ") if i_uitleg is not None else "",
            rol=_dedupe(row[i_rol], ", ") if i_rol is not None else "",
            toekenningen=_int(row[i_tk]) if i_tk is not None else 0,
        )
    g.graph["samengevoegd"] = merged  # parallel links of another kind between the same two nodes
    return g


def network_queries(queries_dir: Path) -> tuple[str, str]:
    return resolve(NODE_QUERY, queries_dir).text, resolve(EDGE_QUERY, queries_dir).text


def build_network(engine: Engine, queries_dir: Path) -> nx.DiGraph:
    """Run the two network queries on ``engine`` and make the graph."""
    node_query, edge_query = network_queries(queries_dir)
    return network_from_tables(select_table(engine, node_query), select_table(engine, edge_query))


# ------------------------------------------------------------------ looking things up


def nodes_of(g: nx.DiGraph, soort: str) -> list[str]:
    return [n for n, d in g.nodes(data=True) if d["soort"] == soort]


def sort_key(g: nx.DiGraph, node: str) -> tuple[int, int, str]:
    d = g.nodes[node]
    pillar = d.get("pijler", "")
    pillar_order = g.nodes[pillar]["volgorde"] if pillar in g else 99
    return (pillar_order, d.get("volgorde", 0), d.get("label", "").lower())


def _expand_prefixed(text: str) -> str:
    if ":" in text and not text.startswith(("http://", "https://", "urn:")):
        prefix, local = text.split(":", 1)
        if prefix in PREFIXES:
            return PREFIXES[prefix] + local
    return text.strip("<>")


def resolve_node(g: nx.DiGraph, text: str, soorten: Iterable[str] | None = None, what: str = "node") -> str:
    """Find a node by IRI, prefixed name, local name (slug), label or short name; else a clear error."""
    allowed = set(soorten) if soorten else set(NODE_TYPES)
    candidates = [n for n, d in g.nodes(data=True) if d["soort"] in allowed]
    wanted = text.strip()
    iri = _expand_prefixed(wanted)
    if iri in g and g.nodes[iri]["soort"] in allowed:
        return iri
    low = wanted.lower()
    for match in (
        lambda n: n.rsplit("/", 1)[-1].lower() == low,
        lambda n: g.nodes[n]["label"].lower() == low or g.nodes[n].get("kortNaam", "").lower() == low,
        lambda n: low in g.nodes[n]["label"].lower(),
    ):
        found = sorted((n for n in candidates if match(n)), key=lambda n: sort_key(g, n))
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = "; ".join(g.nodes[n]["label"] for n in found[:6])
            raise NpdwError(f"{what} {text!r} is ambiguous: {names}{' ...' if len(found) > 6 else ''}")
    raise NpdwError(f"no {what} {text!r} in the network (give an IRI, a prefixed name such as gebied:wielwijk, or a name)")


# ------------------------------------------------------------------ subnetworks


def _goal_ancestors(g: nx.DiGraph, nodes: set[str]) -> set[str]:
    """Strategic goals above the operational goals in ``nodes``, and the pillars above those."""
    extra: set[str] = set()
    frontier = [n for n in nodes if g.nodes[n]["soort"] in GOAL_TYPES]
    while frontier:
        n = frontier.pop()
        for _, up, kind in g.out_edges(n, data="soort"):
            if kind in ("werkt-uit", "in-pijler") and up not in nodes and up not in extra:
                extra.add(up)
                frontier.append(up)
    return extra


def effort_neighbourhood(g: nx.DiGraph, efforts: Iterable[str], extra: Iterable[str] = ()) -> set[str]:
    """The efforts, everything they link to (both directions) and the goal hierarchy above their goals."""
    keep = set(extra)
    for e in efforts:
        keep.add(e)
        keep.update(g.successors(e))
        keep.update(g.predecessors(e))
    return keep | _goal_ancestors(g, keep)


def area_parts_index(g: nx.DiGraph) -> dict[str, set[str]]:
    """Area -> the area and every area node that lies within it (a buurt of a wijk, the wijken of Dordt West)."""
    index = {a: {a} for a in nodes_of(g, "gebied")}
    for a in index:
        for up in g.nodes[a]["binnen"].split():
            if up in index:
                index[up].add(a)
    return index


def efforts_in_area(g: nx.DiGraph, area: str, index: dict[str, set[str]] | None = None) -> list[str]:
    """Efforts that the text ties to this area or to an area within it."""
    areas = (index if index is not None else area_parts_index(g)).get(area, {area})
    return sorted({u for a in areas for u, _, k in g.in_edges(a, data="soort") if k == "in-gebied"})


def efforts_in_pillar(g: nx.DiGraph, pillar: str) -> list[str]:
    """Efforts whose primary pillar this is, or that touch it."""
    return sorted({u for u, _, k in g.in_edges(pillar, data="soort") if k in ("in-pijler", "raakt-pijler") and g.nodes[u]["soort"] == "inspanning"})


def area_subnetwork_nodes(g: nx.DiGraph, area: str, index: dict[str, set[str]] | None = None) -> set[str]:
    return effort_neighbourhood(g, efforts_in_area(g, area, index), extra=[area])


def pillar_subnetwork_nodes(g: nx.DiGraph, pillar: str) -> set[str]:
    goals = [n for n, d in g.nodes(data=True) if d["soort"] in GOAL_TYPES and d["pijler"] == pillar]
    return effort_neighbourhood(g, efforts_in_pillar(g, pillar), extra=[pillar, *goals])


def count_edges_within(g: nx.DiGraph, nodes: set[str]) -> int:
    succ = g.succ
    return sum(1 for u in nodes for v in succ[u] if v in nodes)


def goals_efforts_nodes(g: nx.DiGraph) -> set[str]:
    return {n for n, d in g.nodes(data=True) if d["soort"] in ("pijler", "strategisch-doel", "operationeel-doel", "inspanning")}


def focus_nodes(g: nx.DiGraph, node: str, radius: int = 1) -> set[str]:
    """Everything within ``radius`` links of ``node`` (either direction), plus the goal hierarchy above."""
    seen = {node}
    frontier = [node]
    for _ in range(max(radius, 0)):
        nxt = []
        for n in frontier:
            for m in (*g.successors(n), *g.predecessors(n)):
                if m not in seen:
                    seen.add(m)
                    nxt.append(m)
        frontier = nxt
    return seen | _goal_ancestors(g, seen)


def wijken(g: nx.DiGraph) -> list[str]:
    """The wijk nodes (npdw:Wijk), in label order: one page each."""
    return sorted((n for n in nodes_of(g, "gebied") if g.nodes[n]["subsoort"] == "wijk"), key=lambda n: g.nodes[n]["label"])


def pillars(g: nx.DiGraph) -> list[str]:
    return sorted(nodes_of(g, "pijler"), key=lambda n: sort_key(g, n))


@dataclass(frozen=True)
class Selection:
    """What ``--pillar/--wijk/--focus`` asked for, resolved to nodes."""

    pillar: str | None = None
    wijk: str | None = None
    focus: str | None = None
    radius: int = 1

    @property
    def empty(self) -> bool:
        return not (self.pillar or self.wijk or self.focus)

    def slug(self) -> str:
        parts = []
        for kind, node in (("pijler", self.pillar), ("wijk", self.wijk), ("focus", self.focus)):
            if node:
                parts.append(f"{kind}-{slug_of(node)}")
        return "-".join(parts)


def slug_of(iri: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", iri.rstrip("/").rsplit("/", 1)[-1].lower()).strip("-") or "knoop"


def resolve_selection(g: nx.DiGraph, pillar: str | None, wijk: str | None, focus: str | None, radius: int = 1) -> Selection:
    return Selection(
        pillar=resolve_node(g, pillar, ["pijler"], "pillar") if pillar else None,
        wijk=resolve_node(g, wijk, ["gebied"], "wijk") if wijk else None,
        focus=resolve_node(g, focus, None, "node") if focus else None,
        radius=radius,
    )


def select(g: nx.DiGraph, selection: Selection) -> nx.DiGraph:
    """The subnetwork a selection asks for (the intersection when several are given); a copy."""
    if selection.empty:
        return g
    keep: set[str] | None = None
    for nodes in (
        pillar_subnetwork_nodes(g, selection.pillar) if selection.pillar else None,
        area_subnetwork_nodes(g, selection.wijk) if selection.wijk else None,
        focus_nodes(g, selection.focus, selection.radius) if selection.focus else None,
    ):
        if nodes is not None:
            keep = nodes if keep is None else keep & nodes
    sub = g.subgraph(keep or set()).copy()
    sub.graph["selectie"] = selection.slug()
    return sub


# ------------------------------------------------------------------ scopes for the page filters


def node_scopes(g: nx.DiGraph) -> dict[str, tuple[set[str], set[str]]]:
    """For each node: the pillars and the areas it belongs to, for the page's pillar and wijk filters.

    An effort belongs to its primary pillar and the pillars it touches, and to the areas it is
    tied to plus every area those lie within. Partners, regelingen, areas and operational goals
    take the union over their efforts; strategic goals over their operational goals; pillars
    over both. Goals keep their own pillar, so a goal without effort is visible in its pillar.
    """
    pillars_of: dict[str, set[str]] = {}
    areas_of: dict[str, set[str]] = {}
    data = g.nodes
    for n, d in g.nodes(data=True):
        own_pillar = {d["pijler"]} if d.get("pijler") else set()
        if d["soort"] == "pijler":
            own_pillar = {n}
        pillars_of[n] = own_pillar
        areas_of[n] = set()
    for e in nodes_of(g, "inspanning"):
        for _, t, kind in g.out_edges(e, data="soort"):
            if kind == "raakt-pijler":
                pillars_of[e].add(t)
            elif kind == "in-gebied":
                areas_of[e].add(t)
                areas_of[e].update(data[t]["binnen"].split())
    order = ("partner", "regeling", "gebied", "operationeel-doel", "strategisch-doel", "pijler")
    for soort in order:
        for n in nodes_of(g, soort):
            for m in (*g.predecessors(n), *g.successors(n)):
                ms = data[m]["soort"]
                feeds = ms == "inspanning" or (soort == "strategisch-doel" and ms == "operationeel-doel") or (
                    soort == "pijler" and ms == "strategisch-doel")
                if not feeds:
                    continue
                areas_of[n] |= areas_of[m]
                if soort in ("partner", "regeling", "gebied"):
                    pillars_of[n] |= pillars_of[m]
    return {n: (pillars_of[n], areas_of[n]) for n in g}


# ------------------------------------------------------------------ file formats


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(value: object) -> str:
    """Text for an XML attribute or element (also drops characters XML 1.0 cannot carry)."""
    text = _XML_INVALID.sub("", str(value))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _attribute_types(items: Iterable[dict]) -> dict[str, str]:
    """Attribute name -> GraphML type (int, double, string), in first-seen order."""
    types: dict[str, str] = {}
    for d in items:
        for k, v in d.items():
            kind = "int" if isinstance(v, int) and not isinstance(v, bool) else "double" if isinstance(v, float) else "string"
            old = types.get(k)
            types[k] = kind if old in (None, kind) else ("double" if {old, kind} == {"int", "double"} else "string")
    return types


def graphml_text(g: nx.Graph) -> str:
    """GraphML (for Gephi, yEd, Cytoscape), written directly: networkx's writer is slow on large graphs."""
    node_types = _attribute_types(d for _, d in g.nodes(data=True))
    edge_types = _attribute_types(d for _, _, d in g.edges(data=True))
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">']
    out += [f'<key id="n_{_xml(k)}" for="node" attr.name="{_xml(k)}" attr.type="{t}"/>' for k, t in node_types.items()]
    out += [f'<key id="e_{_xml(k)}" for="edge" attr.name="{_xml(k)}" attr.type="{t}"/>' for k, t in edge_types.items()]
    out.append(f'<graph edgedefault="{"directed" if g.is_directed() else "undirected"}">')
    for n, d in g.nodes(data=True):
        data = "".join(f'<data key="n_{_xml(k)}">{_xml(v)}</data>' for k, v in d.items() if v is not None)
        out.append(f'<node id="{_xml(n)}">{data}</node>')
    for u, v, d in g.edges(data=True):
        data = "".join(f'<data key="e_{_xml(k)}">{_xml(x)}</data>' for k, x in d.items() if x is not None)
        out.append(f'<edge source="{_xml(u)}" target="{_xml(v)}">{data}</edge>')
    out += ["</graph>", "</graphml>", ""]
    return "\n".join(out)


def _viz(colour: str, size: float, x: float, y: float) -> str:
    r, gr, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return (f'<viz:color r="{r}" g="{gr}" b="{b}"/><viz:size value="{size}"/>'
            f'<viz:position x="{x}" y="{-y if y else 0.0}" z="0.0"/>')


def gexf_text(g: nx.Graph) -> str:
    """GEXF 1.2 (Gephi's own format), written directly; node labels are the resources' labels.

    Every node of the doelen-inspanningennetwerk carries ``viz:color`` (its pillar's or its type's
    colour, as on the network page), ``viz:size`` (by degree, as on the page) and ``viz:position``
    (the page's start layout, ``network_view.initial_positions``; y negated, as Gephi's y axis points
    up), so Gephi and Gephi Lite open the picture the browser draws.
    """
    from npdw_graph.network_view import node_viz

    viz = node_viz(g) if all(d.get("soort") in NODE_TYPES for _, d in g.nodes(data=True)) else {}
    gexf_type = {"int": "integer", "double": "double", "string": "string"}
    node_types = _attribute_types(d for _, d in g.nodes(data=True))
    edge_types = _attribute_types(d for _, _, d in g.edges(data=True))
    n_ids = {k: i for i, k in enumerate(node_types)}
    e_ids = {k: i for i, k in enumerate(edge_types)}
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http://www.gexf.net/1.2draft/viz" version="1.2">',
           '<meta><creator>npdw-graph</creator><description>Doelen-inspanningennetwerk Dordt West</description></meta>',
           f'<graph defaultedgetype="{"directed" if g.is_directed() else "undirected"}" mode="static">',
           '<attributes class="node">']
    out += [f'<attribute id="{i}" title="{_xml(k)}" type="{gexf_type[node_types[k]]}"/>' for k, i in n_ids.items()]
    out += ["</attributes>", '<attributes class="edge">']
    out += [f'<attribute id="{i}" title="{_xml(k)}" type="{gexf_type[edge_types[k]]}"/>' for k, i in e_ids.items()]
    out += ["</attributes>", "<nodes>"]
    for n, d in g.nodes(data=True):
        values = "".join(f'<attvalue for="{n_ids[k]}" value="{_xml(v)}"/>' for k, v in d.items() if v is not None)
        drawn = _viz(v.colour, v.size, v.x, v.y) if (v := viz.get(n)) else ""
        out.append(f'<node id="{_xml(n)}" label="{_xml(d.get("label", n))}"><attvalues>{values}</attvalues>{drawn}</node>')
    out += ["</nodes>", "<edges>"]
    for i, (u, v, d) in enumerate(g.edges(data=True)):
        values = "".join(f'<attvalue for="{e_ids[k]}" value="{_xml(x)}"/>' for k, x in d.items() if x is not None)
        weight = f' weight="{d["weight"]}"' if isinstance(d.get("weight"), int | float) else ""
        out.append(f'<edge id="{i}" source="{_xml(u)}" target="{_xml(v)}"{weight}><attvalues>{values}</attvalues></edge>')
    out += ["</edges>", "</graph>", "</gexf>", ""]
    return "\n".join(out)


def node_link_text(g: nx.Graph) -> str:
    """networkx's node-link JSON (``nx.node_link_graph(data, edges="edges")`` reads it back)."""
    data = {
        "directed": g.is_directed(),
        "multigraph": False,
        "graph": {k: v for k, v in g.graph.items() if isinstance(v, str | int | float)},
        "nodes": [{"id": n, **d} for n, d in g.nodes(data=True)],
        "edges": [{"source": u, "target": v, **d} for u, v, d in g.edges(data=True)],
    }
    return json.dumps(data, ensure_ascii=False) + "\n"


# ------------------------------------------------------------------ npdw network


@dataclass(frozen=True)
class View:
    slug: str  # file name without .html
    title: str
    nodes: Callable[[nx.DiGraph], set[str]] | None  # None: the whole (selected) network
    group: str  # full | doelen-inspanningen | wijken | pijlers
    area: str | None = None  # the wijk of a wijk view


def views_for(g: nx.DiGraph, in_wijk: dict[str, list[str]] | None = None) -> list[View]:
    """The pages of ``npdw network``. ``in_wijk``: per wijk the efforts "in de wijk" of the one definition (query
    inspanningen-in-wijk, :func:`npdw_graph.figures.efforts_in_area`); without it, the efforts the graph ties to
    the wijk or a buurt in it (the same rule, for a network without the query library)."""
    views = [
        View("netwerk", "Volledig netwerk", None, "full"),
        View("doelen-inspanningen", "Doelen en inspanningen", goals_efforts_nodes, "doelen-inspanningen"),
    ]
    index = area_parts_index(g)
    for w in wijken(g):
        if in_wijk is not None and w in in_wijk:
            efforts = [e for e in in_wijk[w] if e in g]
            views.append(View(f"wijk-{slug_of(w)}", f"Wijk {g.nodes[w]['label']}",
                              lambda h, w=w, efforts=efforts: effort_neighbourhood(h, efforts, extra=[w]), "wijken", w))
        else:
            views.append(View(f"wijk-{slug_of(w)}", f"Wijk {g.nodes[w]['label']}", lambda h, w=w: area_subnetwork_nodes(h, w, index),
                              "wijken", w))
    for p in pillars(g):
        views.append(View(f"pijler-{slug_of(p)}", f"Pijler {g.nodes[p]['label']}", lambda h, p=p: pillar_subnetwork_nodes(h, p), "pijlers"))
    return views




@dataclass
class NetworkOutput:
    out_dir: Path
    graph: nx.DiGraph
    files: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def nodes(self) -> int:
        return self.graph.number_of_nodes()

    @property
    def edges(self) -> int:
        return self.graph.number_of_edges()


def write_outputs(
    g: nx.DiGraph,
    stage: Path,
    engine: Engine | None,
    queries_dir: Path | None,
    view_groups: Iterable[str] = VIEW_GROUPS,
    title_suffix: str = "",
    timings: dict[str, float] | None = None,
) -> list[str]:
    """Write every output of ``npdw network`` for graph ``g`` into the folder ``stage``."""
    from npdw_graph.network_analysis import analyse
    from npdw_graph.network_view import node_extras, render_html, render_index

    timings = timings if timings is not None else {}
    files: dict[str, str] = {}
    t = time.perf_counter()
    files["netwerk.graphml"] = graphml_text(g)
    files["netwerk.gexf"] = gexf_text(g)
    files["netwerk.json"] = node_link_text(g)
    timings["formats"] = time.perf_counter() - t

    t = time.perf_counter()
    analysis = analyse(g)
    files["analyse.md"] = analysis.to_markdown()
    files.update(analysis.csv_files())
    files["samenwerking.graphml"] = graphml_text(analysis.coworking)
    timings["analysis"] = time.perf_counter() - t

    if engine is not None and queries_dir is not None:
        from npdw_graph.bijlage2 import bijlage2

        t = time.perf_counter()
        b2 = bijlage2(engine, queries_dir)
        files["bijlage-2.csv"] = b2.to_csv()
        files["bijlage-2.html"] = b2.to_html()
        timings["bijlage2"] = time.perf_counter() - t

    t = time.perf_counter()
    wanted = set(view_groups)
    scopes = node_scopes(g)
    extras = node_extras(engine, queries_dir, wijken(g)) if engine is not None and queries_dir is not None else None
    chosen = [(view, set(g) if view.nodes is None else view.nodes(g)) for view in views_for(g, extras.in_wijk() if extras else None)
              if view.group in wanted]
    pages = [(f"{view.slug}.html", view.title + title_suffix, len(nodes), count_edges_within(g, nodes)) for view, nodes in chosen]
    for (view, nodes), (name, title, _, _) in zip(chosen, pages, strict=True):
        files[name] = render_html(g, title, scopes=scopes, nodes=nodes, extras=extras, views=pages, wijk=view.area)
    others = sorted(name for name in files if not name.endswith(".html") or name == "bijlage-2.html")
    files["index.html"] = render_index(pages, others)
    timings["html"] = time.perf_counter() - t

    for name, text in files.items():
        (stage / name).write_text(text, encoding="utf-8")
    return sorted(files)


def generate(
    engine: Engine,
    queries_dir: Path,
    dist_dir: Path,
    out_dir: Path | None = None,
    pillar: str | None = None,
    wijk: str | None = None,
    focus: str | None = None,
    radius: int = 1,
    view_groups: Iterable[str] = VIEW_GROUPS,
) -> NetworkOutput:
    """``npdw network``: build the network from SPARQL, select, analyse, and write the output folder atomically.

    The folder is ``out_dir``, else ``dist_dir/network`` (``dist_dir/network-<selection>`` for a
    selection). Inside ``dist_dir`` the lock is the one ``npdw build`` takes, so the two never
    replace each other's files halfway.
    """
    from npdw_graph.atomic import exclusive_lock, staged_directory

    timings: dict[str, float] = {}
    t = time.perf_counter()
    full = build_network(engine, queries_dir)
    timings["queries+graph"] = time.perf_counter() - t
    selection = resolve_selection(full, pillar, wijk, focus, radius)
    g = select(full, selection)
    if g.number_of_nodes() == 0:
        raise NpdwError("the selection leaves no nodes")
    suffix = ""
    if not selection.empty:
        names = [full.nodes[n]["label"] for n in (selection.pillar, selection.wijk, selection.focus) if n]
        suffix = " — selectie: " + ", ".join(names)
    out = (out_dir or dist_dir / ("network" if selection.empty else f"network-{selection.slug()}")).resolve()
    lock_dir = dist_dir.resolve().parent if out.is_relative_to(dist_dir.resolve()) else out.parent
    with exclusive_lock(lock_dir, "network"), staged_directory(out) as stage:
        files = write_outputs(g, stage, engine, queries_dir, view_groups, suffix, timings)
    return NetworkOutput(out_dir=out, graph=g, files=files, timings=timings)
