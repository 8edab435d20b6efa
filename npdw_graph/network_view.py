"""The interactive network pages: the portal's ``netwerk/`` and the self-contained pages of ``npdw network``.

Both are rendered from one Jinja2 template (``web/templates/netwerk.html``): in the portal it
extends ``base.html`` (the Dutch navigation) and loads ``static/netwerk.js`` and vis-network
(shipped as files from the copy in the pyvis package: no CDN, nothing fetched from elsewhere);
for ``dist/network/`` it extends ``netwerk_los.html`` and carries the same script and styles
inlined, so one file works on its own. The network travels as JSON in a
``<script type="application/json">`` block (Jinja2's ``tojson``, which escapes ``<``, ``>``,
``&`` and ``'``), and the page's script only ever puts data into the document with
``textContent``: a label is data, never markup.

Money on the page comes from the named queries of ``npdw_graph.figures`` (each flow counted
once), formatted here with ``web.format.euro``; the page's script never adds amounts.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import networkx as nx
from markupsafe import Markup

from npdw_graph.network import BASES, EDGE_KINDS, NODE_TYPES, count_edges_within, node_scopes, sort_key, views_for
from npdw_graph.queryengine import Engine
from npdw_graph.querylib import resolve
from npdw_graph.web import environment, page_root
from npdw_graph.web.format import euro

VIS_VERSION = "vis-9.1.2"

PILLAR_COLOURS = ["#2f6db5", "#2e9e6b", "#e08a00", "#8e5bb5", "#d1453b", "#7a7a7a"]
TYPE_STYLE: dict[str, tuple[str, str, str]] = {  # shape, colour when the node has no pillar of its own, legend symbol
    "pijler": ("star", "#444444", "★"),
    "strategisch-doel": ("diamond", "#666666", "◆"),
    "operationeel-doel": ("triangle", "#888888", "▲"),
    "inspanning": ("dot", "#999999", "●"),
    "partner": ("square", "#8c7b6b", "■"),
    "regeling": ("hexagon", "#b89a2e", "⬢"),
    "gebied": ("triangleDown", "#4a9fb5", "▼"),
}
PILLAR_COLOURED = frozenset({"pijler", "strategisch-doel", "operationeel-doel", "inspanning"})  # GROUPED in netwerk.js
EDGE_COLOURS = {
    "draagt-bij-aan": "#2f6db5",
    "in-pijler": "#9a9a9a",
    "werkt-uit": "#6b6b6b",
    "partner-van": "#a0785a",
    "gefinancierd-door": "#b89a2e",
    "in-gebied": "#4a9fb5",
    "raakt-pijler": "#c05590",
}
# How a node's neighbours are grouped in its tooltip: (edge kind, "uit" = node is the source | "in") -> heading.
RELATION_HEADINGS = {
    "draagt-bij-aan|uit": "Draagt bij aan",
    "draagt-bij-aan|in": "Inspanningen die bijdragen",
    "in-pijler|uit": "Pijler",
    "in-pijler|in": "Onder deze pijler",
    "werkt-uit|uit": "Werkt uit",
    "werkt-uit|in": "Operationele doelen",
    "partner-van|uit": "Partner in",
    "partner-van|in": "Partners",
    "gefinancierd-door|uit": "Financiering",
    "gefinancierd-door|in": "Financiert",
    "in-gebied|uit": "Wijken en gebieden",
    "in-gebied|in": "Inspanningen hier",
    "raakt-pijler|uit": "Raakt ook pijler",
    "raakt-pijler|in": "Ook geraakt door",
}
MAX_DESCRIPTION = 700
MAX_EXPLANATION = 600


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_PAGE_IRI = re.compile(r"/id/([A-Za-z0-9._~-]+)/([A-Za-z0-9._~-]+)$")
NAMES_QUERY = "netwerk-andere-namen"


def page_key(iri: str) -> str | None:
    """``https://w3id.org/npdw/id/inspanning/energiehulp`` -> ``inspanning/energiehulp``: the node's name in the URL
    (``?focus=inspanning/energiehulp``) and its portal page (``doc/inspanning/energiehulp.html``)."""
    m = _PAGE_IRI.search(iri)
    return f"{m.group(1)}/{m.group(2)}" if m and m.group(2) != "index" else None


@dataclass
class NodeExtras:
    """What the page shows beyond the two network queries: other names and codes to search, and money.

    ``names``: node -> other names (``skos:altLabel``) and codes (``skos:notation``).
    ``money``: effort -> its funding summary, already formatted (see :func:`funding_summaries`).
    """

    names: dict[str, list[str]] = field(default_factory=dict)
    money: dict[str, dict] = field(default_factory=dict)
    # wijk -> {"rows": figures.efforts_in_area rows (groep, inspanning, naam), "totaal": the totaal row of figures.area_counts}
    wijken: dict[str, dict] = field(default_factory=dict)

    def in_wijk(self) -> dict[str, list[str]] | None:
        """Per wijk the efforts of the group "in de wijk" (None without the query)."""
        if not self.wijken:
            return None
        return {w: [r["inspanning"] for r in found["rows"] if r["groep"] == "in de wijk"] for w, found in self.wijken.items()}


def node_extras(engine: Engine, queries_dir: Path, wijken: Iterable[str] = ()) -> NodeExtras:
    """Run the named queries behind the page's search names, money and the groups of each of ``wijken``."""
    from npdw_graph.network import select_table

    names: dict[str, list[str]] = {}
    for row in select_table(engine, resolve(NAMES_QUERY, queries_dir).text).dicts():
        if row["naam"].strip():
            names.setdefault(row["knoop"], []).append(row["naam"])
    money = funding_summaries(engine, queries_dir)
    money.update(pillar_summaries(engine, queries_dir))
    return NodeExtras(names={k: list(dict.fromkeys(v)) for k, v in names.items()}, money=money, wijken=wijk_groups(engine, queries_dir, wijken))


def wijk_groups(engine: Engine, queries_dir: Path, wijken: Iterable[str]) -> dict[str, dict]:
    """Per wijk its efforts in the one definition of "in de wijk" (figures.efforts_in_area), with the efforts for
    all of Dordt West and all of Dordrecht as separate groups."""
    from npdw_graph import figures
    from npdw_graph.errors import NpdwError

    out: dict[str, dict] = {}
    for w in wijken:
        try:
            totals = [r for r in figures.area_counts(engine, w, queries_dir) if r["groep"] == "totaal"]
            out[w] = {"rows": figures.efforts_in_area(engine, w, queries_dir), "totaal": totals[0] if totals else {}}
        except NpdwError:
            return {}
    return out


def pillar_summaries(engine: Engine, queries_dir: Path) -> dict[str, dict]:
    """Per pillar the money of its efforts for Dordt West (figures.pillar_funding, each flow once, shared pots never added)."""
    from npdw_graph import figures
    from npdw_graph.errors import NpdwError

    try:
        found = figures.pillar_funding(engine, queries_dir=queries_dir)
    except NpdwError:
        return {}
    out = {}
    for r in found:
        if r["groep"] != "pijler":
            continue
        notes = [figures.DEFINITIONS["totaal"],
                 "alleen geld van inspanningen met deze hoofdpijler; geld dat inspanningen van meer pijlers delen niet"]
        if r["aangevraagd"]:
            notes.append(f"{euro(r['aangevraagd'])} aangevraagd (niet meegeteld)")
        out[r["pijler"]] = {"totaal": money_headline(r), "uitleg": "; ".join(notes), "posten": []}
    return out


FUNDING_QUERY = "financiering-van-inspanning"  # one row per effort: the money for Dordt West, each flow counted once
FLOWS_QUERY = "financiering-van-inspanning-posten"  # one row per money flow, with where it goes (soort)


def money_headline(row: dict) -> str:
    """``€ 624.321 voor Dordt West (toegekend € 624.321, begroot € 0)``: a figures row's totaal and its two parts."""
    total = row.get("totaal") or 0
    if not total:
        return "Geen toegekend of begroot bedrag voor Dordt West genoemd"
    return f"{euro(total)} voor Dordt West (toegekend {euro(row.get('toegekend') or 0)}, begroot {euro(row.get('begroot') or 0)})"


def funding_summaries(engine: Engine, queries_dir: Path) -> dict[str, dict]:
    """Per effort: the total for Dordt West and its money flows, from the named queries (figures.funding_by_effort and
    figures.effort_flows, as ``npdw query financiering-van-inspanning`` and ``...-posten``).

    The figures are the queries' own (each flow counted once, shared pots never added); they are only
    formatted here (``web.format.euro``). Without the queries in the library (an older project) the page
    shows the funding links' own text instead.
    """
    from npdw_graph import figures
    from npdw_graph.errors import NpdwError

    try:
        summaries, flows = figures.funding_by_effort(engine, queries_dir), figures.effort_flows(engine, None, queries_dir)
    except NpdwError:
        return {}
    out: dict[str, dict] = {}
    for effort, row in summaries.items():
        if not row.get("posten"):
            continue
        notes = []
        for column, text in (("aangevraagd", "aangevraagd (niet meegeteld)"), ("perJaar", "per jaar (niet meegeteld)"),
                             ("statusNietVermeld", "status niet vermeld (niet meegeteld)")):
            if row.get(column):
                notes.append(f"{euro(row[column])} {text}")
        for column, text in (("nietGenoemd", "zonder genoemd bedrag"), ("dordrechtBreed", "voor heel Dordrecht"),
                             ("regio", "voor de regio"), ("landelijk", "uit een landelijk budget, niet alleen voor Dordt West")):
            n = int(row.get(column) or 0)
            if n:
                notes.append(f"{n} {'geldstroom' if n == 1 else 'geldstromen'} {text}" + ("" if column == "nietGenoemd" else " (niet opgeteld)"))
        out[effort] = {"totaal": money_headline(row), "uitleg": "; ".join(notes), "posten": []}
    for f in flows:
        summary = out.get(f["inspanning"])
        if summary is None:
            continue
        amount = euro(f["bedrag"]) if f.get("bedrag") is not None else ""
        if amount and str(f.get("grondslag", "")).endswith("PerYear"):
            amount += " per jaar"
        summary["posten"].append({"naam": f.get("naam") or "", "regeling": f.get("regeling") or "", "bedrag": amount, "soort": f.get("soort") or ""})
    return out


def page_data(g: nx.DiGraph, title: str, scopes: dict[str, tuple[set[str], set[str]]] | None = None,
              nodes: set[str] | None = None, extras: NodeExtras | None = None, wijk: str | None = None) -> dict:
    """Everything the page needs, as plain JSON-able data (indices instead of IRIs for compactness).

    ``nodes``: draw only these nodes (a view) and the edges between them; degrees count those edges.
    ``wijk``: the wijk of a wijk view; its groups (in de wijk, heel Dordt West, Dordrecht breed) go along as ``wijk``
    with their counts and definitions, so the page says which efforts it draws and which it leaves out.
    """
    scopes = scopes if scopes is not None else node_scopes(g)
    extras = extras or NodeExtras()
    type_rank = {t: i for i, t in enumerate(NODE_TYPES)}
    keep = set(g) if nodes is None else nodes
    order = sorted(keep, key=lambda n: (type_rank[g.nodes[n]["soort"]], sort_key(g, n)))
    index = {n: i for i, n in enumerate(order)}
    succ, pred = g.succ, g.pred
    degree = {n: sum(1 for v in succ[n] if v in index) + sum(1 for v in pred[n] if v in index) for n in order}

    pillar_iris = sorted({p for n in order for p in scopes.get(n, (set(), set()))[0]} | {n for n in order if g.nodes[n]["soort"] == "pijler"},
                         key=lambda p: (g.nodes[p]["volgorde"] if p in g else 99, p))
    area_iris = sorted({a for n in order for a in scopes.get(n, (set(), set()))[1]},
                       key=lambda a: (_area_rank(g, a), g.nodes[a]["label"] if a in g else a))
    p_index = {p: i for i, p in enumerate(pillar_iris)}
    a_index = {a: i for i, a in enumerate(area_iris)}

    def pillar_entry(p: str) -> dict:
        d = g.nodes[p] if p in g else {}
        volgorde = int(d.get("volgorde", 0) or 0)
        return {"naam": d.get("label", p), "kort": d.get("kortNaam") or d.get("label", p), "u": page_key(p),
                "kleur": pillar_colour(volgorde)}

    def area_entry(a: str) -> dict:
        d = g.nodes[a] if a in g else {}
        return {"naam": d.get("label", a), "soort": d.get("subsoort", ""), "u": page_key(a)}

    positions = initial_positions(g, order)
    node_items = []
    for n in order:
        d = g.nodes[n]
        ps, ws = scopes.get(n, (set(), set()))
        x, y = positions[n]
        item: dict = {"l": d["label"], "t": d["soort"], "z": degree[n], "iri": n, "u": page_key(n), "x": round(x, 1), "y": round(y, 1),
                      "p": p_index.get(n if d["soort"] == "pijler" else d.get("pijler", ""), -1),
                      "ps": sorted(p_index[p] for p in ps if p in p_index), "ws": sorted(a_index[a] for a in ws if a in a_index)}
        for key, attr, limit in (("d", "beschrijving", MAX_DESCRIPTION), ("s", "status", 200), ("st", "subsoort", 200),
                                 ("f", "financier", 300), ("b", "bron", 200), ("k", "kortNaam", 200)):
            if d.get(attr):
                item[key] = _clip(str(d[attr]), limit)
        other_names = [x for x in extras.names.get(n, []) if x != d["label"]]
        if other_names:
            item["a"] = other_names
        if n in extras.money:
            item["geld"] = extras.money[n]
        node_items.append(item)

    edges = []
    for u in order:
        for v, d in succ[u].items():
            if v not in index:
                continue
            item = {"a": index[u], "b": index[v], "k": d["soort"], "g": d["grondslag"]}
            if d.get("toelichting") and not (d["soort"] == "gefinancierd-door" and u in extras.money):  # money: its summary instead
                item["x"] = _clip(d["toelichting"], MAX_EXPLANATION)
            if d.get("rol"):
                item["r"] = d["rol"]
            if d["soort"] == "gefinancierd-door":
                item["tk"] = d.get("toekenningen", 0)
            edges.append(item)

    out = {
        "titel": title,
        "soorten": {k: {"naam": name, "vorm": TYPE_STYLE[k][0], "kleur": TYPE_STYLE[k][1], "teken": TYPE_STYLE[k][2]}
                    for k, name in NODE_TYPES.items()},
        "verbanden": {k: {"naam": name, "kleur": EDGE_COLOURS[k]} for k, name in EDGE_KINDS.items()},
        "grondslagen": BASES,
        "relaties": RELATION_HEADINGS,
        "pijlers": [pillar_entry(p) for p in pillar_iris],
        "gebieden": [area_entry(a) for a in area_iris],
        "knopen": node_items,
        "lijnen": edges,
    }
    if wijk is not None and extras.wijken.get(wijk) is not None:
        out["wijk"] = wijk_block(g, wijk, extras.wijken[wijk])
    return out


def wijk_block(g: nx.DiGraph, wijk: str, found: dict) -> dict:
    """The groups of a wijk view: per group its count, its definition (figures.DEFINITIONS) and its efforts' names."""
    from npdw_graph import figures

    name = g.nodes[wijk]["label"] if wijk in g else wijk
    groups = []
    for group, title, column in (("in de wijk", f"In {name}", "inDeWijk"), ("heel Dordt West", "Voor heel Dordt West", "heelDordtWest"),
                                 ("Dordrecht breed", "Voor heel Dordrecht", "dordrechtBreed")):
        members = [r["naam"] for r in found["rows"] if r["groep"] == group]
        groups.append({"groep": group, "titel": title, "aantal": found["totaal"].get(column, 0), "definitie": figures.DEFINITIONS[group],
                       "getekend": group == "in de wijk", "inspanningen": members})
    return {"naam": name, "groepen": groups, "definitie": figures.wijk_definition(name)}



def pillar_colour(volgorde: int) -> str:
    """A pillar's colour on the page (and in the GEXF), by its order (1..5); a pillar without order gets the last colour."""
    return PILLAR_COLOURS[(volgorde - 1) % len(PILLAR_COLOURS)] if volgorde > 0 else PILLAR_COLOURS[-1]


def node_colour(g: nx.DiGraph, n: str) -> str:
    """The colour the page draws node ``n`` in (``baseColour`` in netwerk.js): its pillar's colour for
    pillars, goals and efforts that have one, else the colour of its type."""
    d = g.nodes[n]
    pillar = n if d["soort"] == "pijler" else d.get("pijler", "")
    if d["soort"] in PILLAR_COLOURED and pillar in g:
        return pillar_colour(int(g.nodes[pillar].get("volgorde", 0) or 0))
    return TYPE_STYLE[d["soort"]][1]


def node_size(degree: int, soort: str) -> float:
    """The size the page draws a node with ``degree`` links (``nodeSize`` in netwerk.js)."""
    return min(8 + 3.2 * math.sqrt(degree), 46) * (1.4 if soort == "pijler" else 1)


@dataclass(frozen=True)
class NodeViz:
    colour: str  # #rrggbb
    size: float
    x: float
    y: float  # the page's y (downwards)


def node_viz(g: nx.DiGraph) -> dict[str, NodeViz]:
    """Colour, size and start position of every node as the page draws the whole network (for the GEXF)."""
    type_rank = {t: i for i, t in enumerate(NODE_TYPES)}
    order = sorted(g, key=lambda n: (type_rank[g.nodes[n]["soort"]], sort_key(g, n)))
    positions = initial_positions(g, order)
    return {n: NodeViz(node_colour(g, n), round(node_size(g.degree(n), g.nodes[n]["soort"]), 2),
                       round(positions[n][0], 1), round(positions[n][1], 1)) for n in order}


def initial_positions(g: nx.DiGraph, order: list[str], seed: int = 7) -> dict[str, tuple[float, float]]:
    """A cheap, deterministic starting layout, so the physics only has to settle, not untangle.

    Pillars on a circle; goals and efforts scattered around their pillar; partners, regelingen
    and areas at the mean position of their efforts. Linear in the number of edges.
    """
    rnd = random.Random(seed)
    keep = set(order)
    radius = 40.0 * math.sqrt(max(len(order), 1))
    pillar_nodes = [n for n in order if g.nodes[n]["soort"] == "pijler"]
    pos: dict[str, tuple[float, float]] = {}
    for i, p in enumerate(pillar_nodes):
        angle = 2 * math.pi * i / max(len(pillar_nodes), 1) - math.pi / 2
        pos[p] = (radius * math.cos(angle), radius * math.sin(angle))

    def around(centre: tuple[float, float], spread: float) -> tuple[float, float]:
        r, a = spread * math.sqrt(rnd.random()), 2 * math.pi * rnd.random()
        return (centre[0] + r * math.cos(a), centre[1] + r * math.sin(a))

    for n in order:
        d = g.nodes[n]
        if d["soort"] in ("strategisch-doel", "operationeel-doel", "inspanning"):
            centre = pos.get(d.get("pijler", ""), (0.0, 0.0))
            pos[n] = around(centre, radius * (0.35 if d["soort"] != "inspanning" else 0.6))
    for n in order:
        if n in pos:
            continue
        near = [pos[m] for m in (*g.succ[n], *g.pred[n]) if m in keep and m in pos]
        centre = (sum(x for x, _ in near) / len(near), sum(y for _, y in near) / len(near)) if near else (0.0, 0.0)
        pos[n] = around(centre, radius * 0.15)
    return pos


def _area_rank(g: nx.DiGraph, area: str) -> int:
    kind = g.nodes[area].get("subsoort", "") if area in g else ""
    return {"wijk": 0, "focusgebied": 1, "buurt": 2}.get(kind, 3)




# ------------------------------------------------------------------ rendering


@lru_cache(maxsize=1)
def vis_files() -> dict[str, bytes]:
    """vis-network's script and style as the pyvis package ships them (so nothing is downloaded)."""
    import pyvis

    folder = Path(pyvis.__file__).resolve().parent / "lib" / VIS_VERSION
    return {"vis-network.min.js": (folder / "vis-network.min.js").read_bytes(), "vis-network.css": (folder / "vis-network.css").read_bytes()}


def _inline_safe(text: str, tag: str) -> Markup:
    """Our own script or style text made safe to sit inside a <script>/<style> element (it cannot close it early)."""
    text = re.sub(rf"</(?={tag})", r"<\\/", text, flags=re.IGNORECASE)
    return Markup(text.replace("<!--", "<\\!--"))


@lru_cache(maxsize=1)
def _inline_assets() -> dict[str, Markup]:
    static = files("npdw_graph.web") / "static"
    vis = vis_files()
    return {
        "vis_js": _inline_safe(vis["vis-network.min.js"].decode("utf-8"), "script"),
        "vis_css": _inline_safe(vis["vis-network.css"].decode("utf-8"), "style"),
        "netwerk_js": _inline_safe((static / "netwerk.js").read_text(encoding="utf-8"), "script"),
        "npdw_css": _inline_safe((static / "npdw.css").read_text(encoding="utf-8"), "style"),
    }


ViewLink = tuple[str, str, int, int]  # href, title, nodes, edges


def render_page(g: nx.DiGraph, title: str, *, page_path: str, standalone: bool, scopes: dict[str, tuple[set[str], set[str]]] | None = None,
                nodes: set[str] | None = None, extras: NodeExtras | None = None, views: list[ViewLink] | None = None,
                doc_root: str | None = None, wijk: str | None = None) -> str:
    """One network page. ``standalone``: for ``dist/network/`` (inlined assets, no portal navigation); else a portal page
    at ``page_path`` (``netwerk/index.html``) that loads ``static/netwerk.js`` and ``netwerk/vis-network.*``."""
    root = page_root(page_path)
    data = page_data(g, title, scopes, nodes, extras, wijk)
    template = environment().get_template("netwerk.html")
    current = page_path.rsplit("/", 1)[-1]
    return template.render(
        layout="netwerk_los.html" if standalone else "base.html", assets=_inline_assets() if standalone else None,
        root=root, active="netwerk", page_path=page_path, title=title, data=data, views=views or [], current=current,
        vis_prefix="", doc_root=root if doc_root is None else doc_root,
    )


def render_html(g: nx.DiGraph, title: str, scopes: dict[str, tuple[set[str], set[str]]] | None = None,
                nodes: set[str] | None = None, extras: NodeExtras | None = None, views: list[ViewLink] | None = None,
                wijk: str | None = None) -> str:
    """A self-contained page for graph ``g`` (or the view ``nodes`` of it), as ``npdw network`` writes them.

    Links to resource pages point at ``../site/doc/...`` (``dist/site`` beside ``dist/network``)."""
    return render_page(g, title, page_path="netwerk.html", standalone=True, scopes=scopes, nodes=nodes, extras=extras, views=views,
                       doc_root="../site/", wijk=wijk)


def render_index(pages: list[ViewLink], other_files: list[str]) -> str:
    """``dist/network/index.html``: the views and the files of ``npdw network``."""
    return environment().get_template("netwerk_overzicht.html").render(
        layout="netwerk_los.html", assets=_inline_assets(), root="", active="netwerk", page_path="index.html",
        title="Doelen-inspanningennetwerk Dordt West", views=pages, files=other_files)


# ------------------------------------------------------------------ the portal


PORTAL_FOLDER = "netwerk"


def portal_file_name(view_slug: str) -> str:
    """The main network is ``netwerk/index.html``; the other views keep their names (``netwerk/pijler-....html``)."""
    return "index.html" if view_slug == "netwerk" else f"{view_slug}.html"


def portal_pages(engine: Engine, queries_dir: Path, net: nx.DiGraph | None = None,
                 groups: Iterable[str] = ("full", "doelen-inspanningen", "wijken", "pijlers")) -> list[tuple[str, bytes]]:
    """The portal's network pages (paths under the portal root, content), for ``site.py``.

    ``netwerk/index.html`` is the whole doelen-inspanningennetwerk, beside it the goals-and-efforts view and one
    page per pillar and per wijk, and vis-network's two files. The pages need ``static/netwerk.js`` and
    ``static/npdw.css`` (``web.copy_static``). ``net``: the network if the caller has built it already.
    """
    from npdw_graph.network import build_network

    g = net if net is not None else build_network(engine, queries_dir)
    if g.number_of_nodes() == 0:
        return []
    from npdw_graph.network import wijken

    extras = node_extras(engine, queries_dir, wijken(g))
    scopes = node_scopes(g)
    wanted = set(groups)
    chosen = []
    for view in views_for(g, extras.in_wijk()):
        if view.group in wanted:
            keep = set(g) if view.nodes is None else view.nodes(g)
            chosen.append((view, keep))
    links = [(portal_file_name(v.slug), v.title, len(k), count_edges_within(g, k)) for v, k in chosen]
    out: list[tuple[str, bytes]] = []
    for view, keep in chosen:
        path = f"{PORTAL_FOLDER}/{portal_file_name(view.slug)}"
        page = render_page(g, view.title, page_path=path, standalone=False, scopes=scopes, nodes=keep, extras=extras, views=links,
                           wijk=view.area)
        out.append((path, page.encode("utf-8")))
    out += [(f"{PORTAL_FOLDER}/{name}", data) for name, data in vis_files().items()]
    return out
