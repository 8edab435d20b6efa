"""The interactive network page: one self-contained HTML file that works offline.

vis-network's script and style are inlined from the copies that the pyvis package ships (no
CDN, no Bootstrap); the template is our own, because pyvis links CDNs even in its inline mode
and its ``from_nx`` is quadratic. The network travels as JSON inside a
``<script type="application/json">`` block with every ``<``, ``>`` and ``&`` escaped, and the
page's script only ever puts data into the document with ``textContent``: a label is data,
never markup.
"""

from __future__ import annotations

import html
import json
import math
import random
import re
from functools import lru_cache
from pathlib import Path

import networkx as nx

from npdw_graph.network import BASES, EDGE_KINDS, NODE_TYPES, node_scopes, sort_key

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


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS from the pyvis package (shipped with it, so nothing is downloaded)."""
    import pyvis

    folder = Path(pyvis.__file__).resolve().parent / "lib" / VIS_VERSION
    js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    css = (folder / "vis-network.css").read_text(encoding="utf-8")
    return _inline_safe(js), _inline_safe(css, style=True)


def _inline_safe(text: str, style: bool = False) -> str:
    """Make text safe inside a <script> or <style> element (it must not close it early)."""
    tag = "style" if style else "script"
    text = re.sub(rf"</(?={tag})", r"<\\/", text, flags=re.IGNORECASE)
    return text.replace("<!--", "<\\!--")


def json_for_script(data: object) -> str:
    """JSON that can sit inside <script type="application/json"> whatever the strings contain."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def page_data(g: nx.DiGraph, title: str, scopes: dict[str, tuple[set[str], set[str]]] | None = None,
              nodes: set[str] | None = None) -> dict:
    """Everything the page needs, as plain JSON-able data (indices instead of IRIs for compactness).

    ``nodes``: draw only these nodes (a view) and the edges between them; degrees count those edges.
    """
    scopes = scopes if scopes is not None else node_scopes(g)
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
        return {"naam": d.get("label", p), "kort": d.get("kortNaam") or d.get("label", p),
                "kleur": PILLAR_COLOURS[(volgorde - 1) % len(PILLAR_COLOURS)] if volgorde > 0 else PILLAR_COLOURS[-1]}

    positions = initial_positions(g, order)
    node_items = []
    for n in order:
        d = g.nodes[n]
        ps, ws = scopes.get(n, (set(), set()))
        x, y = positions[n]
        item: dict = {"l": d["label"], "t": d["soort"], "z": degree[n], "iri": n, "x": round(x, 1), "y": round(y, 1),
                      "p": p_index.get(n if d["soort"] == "pijler" else d.get("pijler", ""), -1),
                      "ps": sorted(p_index[p] for p in ps if p in p_index), "ws": sorted(a_index[a] for a in ws if a in a_index)}
        for key, attr, limit in (("d", "beschrijving", MAX_DESCRIPTION), ("s", "status", 200), ("st", "subsoort", 200),
                                 ("f", "financier", 300), ("b", "bron", 200)):
            if d.get(attr):
                item[key] = _clip(str(d[attr]), limit)
        node_items.append(item)

    edges = []
    for u in order:
        for v, d in succ[u].items():
            if v not in index:
                continue
            item = {"a": index[u], "b": index[v], "k": d["soort"], "g": d["grondslag"]}
            if d.get("toelichting"):
                item["x"] = _clip(d["toelichting"], MAX_EXPLANATION)
            if d.get("rol"):
                item["r"] = d["rol"]
            if d["soort"] == "gefinancierd-door":
                item["tk"] = d.get("toekenningen", 0)
            edges.append(item)

    return {
        "titel": title,
        "soorten": {k: {"naam": name, "vorm": TYPE_STYLE[k][0], "kleur": TYPE_STYLE[k][1], "teken": TYPE_STYLE[k][2]}
                    for k, name in NODE_TYPES.items()},
        "verbanden": {k: {"naam": name, "kleur": EDGE_COLOURS[k]} for k, name in EDGE_KINDS.items()},
        "grondslagen": BASES,
        "relaties": RELATION_HEADINGS,
        "pijlers": [pillar_entry(p) for p in pillar_iris],
        "gebieden": [{"naam": g.nodes[a]["label"] if a in g else a, "soort": g.nodes[a].get("subsoort", "") if a in g else ""} for a in area_iris],
        "knopen": node_items,
        "lijnen": edges,
    }


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


def render_html(g: nx.DiGraph, title: str, scopes: dict[str, tuple[set[str], set[str]]] | None = None,
                nodes: set[str] | None = None) -> str:
    """The page for graph ``g`` (or for the view ``nodes`` of it)."""
    js, css = vis_assets()
    data = json_for_script(page_data(g, title, scopes, nodes))
    t = html.escape(title)
    return (
        _HEAD.replace("@TITLE@", t)
        + "<style>\n" + css + "\n</style>\n<style>\n" + _CSS + "\n</style>\n</head>\n"
        + _BODY.replace("@TITLE@", t)
        + '<script type="application/json" id="netwerk-data">' + data + "</script>\n"
        + "<script>\n" + js + "\n</script>\n<script>\n" + _JS + "\n</script>\n</body>\n</html>\n"
    )


def render_index(pages: list[tuple[str, str, int, int]], other_files: list[str]) -> str:
    e = html.escape
    rows = "\n".join(f'<li><a href="{e(name)}">{e(title)}</a> — {n} knopen, {m} verbanden</li>' for name, title, n, m in pages)
    files = "\n".join(f'<li><a href="{e(name)}">{e(name)}</a></li>' for name in other_files)
    return f"""<!DOCTYPE html>
<html lang="nl">
<head><meta charset="utf-8"><title>Doelen-inspanningennetwerk Dordt West</title>
<style>body {{ font-family: system-ui, sans-serif; margin: 2em; color: #222; }} li {{ margin: .2em 0; }}</style></head>
<body>
<h1>Doelen-inspanningennetwerk Dordt West</h1>
<p>Het netwerk dat Bijlage 2 belooft, getrokken uit de kennisgraaf. Open een weergave in de browser (werkt offline).</p>
<h2>Weergaven</h2>
<ul>
{rows}
</ul>
<h2>Bestanden</h2>
<p>Analyse (Markdown en CSV), Bijlage 2, en het netwerk voor Gephi of eigen analyse (GraphML, GEXF, node-link JSON).</p>
<ul>
{files}
</ul>
</body>
</html>
"""


_HEAD = """<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>@TITLE@ — doelen-inspanningennetwerk Dordt West</title>
"""

_CSS = """
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; }
#app { display: flex; height: 100vh; }
#zijbalk { width: 340px; min-width: 260px; overflow-y: auto; padding: 12px 14px; border-right: 1px solid #ddd; background: #fafafa; font-size: 14px; }
#zijbalk h1 { font-size: 17px; margin: 0 0 4px; }
#zijbalk h2 { font-size: 14px; margin: 14px 0 6px; text-transform: uppercase; letter-spacing: .03em; color: #555; }
#netwerk-vak { flex: 1; position: relative; min-width: 0; }
#netwerk { position: absolute; inset: 0; }
#voortgang { position: absolute; top: 8px; right: 12px; background: #fffbe6; border: 1px solid #e6d77a; padding: 3px 8px;
             font-size: 13px; border-radius: 4px; }
#zoek { width: 100%; padding: 6px; font-size: 14px; }
#zoekresultaten { list-style: none; margin: 4px 0 0; padding: 0; max-height: 220px; overflow-y: auto; }
#zoekresultaten button { width: 100%; text-align: left; border: 0; background: none; padding: 3px 4px; cursor: pointer; font: inherit; }
#zoekresultaten button:hover, #zoekresultaten button:focus { background: #e8f0fb; }
.soortnaam { color: #777; font-size: 12px; }
select { width: 100%; padding: 4px; margin-bottom: 6px; }
fieldset { border: 0; padding: 0; margin: 0 0 6px; }
fieldset label { display: inline-block; margin: 1px 10px 1px 0; }
#status { color: #444; font-size: 13px; }
.legenda { list-style: none; padding: 0; margin: 0; }
.legenda li { margin: 2px 0; }
.kleurvak { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
.teken { display: inline-block; width: 18px; text-align: center; color: #555; }
.lijnstaal { display: inline-block; width: 26px; height: 0; border-top: 3px solid; margin-right: 6px; vertical-align: middle; }
.lijnstaal.stippel { border-top-style: dashed; }
#tooltip { position: absolute; z-index: 10; max-width: 380px; background: #fff; border: 1px solid #bbb; box-shadow: 0 2px 8px rgba(0,0,0,.18);
           padding: 8px 10px; font-size: 13px; pointer-events: none; border-radius: 4px; }
.info-titel { font-weight: 600; font-size: 14px; margin-bottom: 2px; }
.info-soort { color: #666; font-size: 12px; margin-bottom: 4px; }
.info-tekst { margin: 4px 0; }
.info-kop { font-weight: 600; margin-top: 6px; }
.info-lijst { margin: 2px 0 0; padding-left: 18px; }
.info-extra { color: #666; }
.info-iri { color: #888; font-size: 11px; word-break: break-all; margin-top: 6px; }
#details { font-size: 13px; }
button.knop { margin-top: 4px; padding: 4px 10px; }
"""

_BODY = """<body>
<div id="app">
<aside id="zijbalk">
<h1>@TITLE@</h1>
<p id="status" aria-live="polite">Netwerk wordt geladen…</p>
<noscript><p>Deze pagina heeft JavaScript nodig om het netwerk te tekenen.</p></noscript>
<h2><label for="zoek">Zoeken</label></h2>
<input id="zoek" type="search" placeholder="Zoek een inspanning, doel, partner…" autocomplete="off">
<ul id="zoekresultaten"></ul>
<h2>Filters</h2>
<label for="filter-pijler">Pijler</label>
<select id="filter-pijler"><option value="">Alle pijlers</option></select>
<label for="filter-wijk">Wijk of gebied</label>
<select id="filter-wijk"><option value="">Alle wijken en gebieden</option></select>
<fieldset id="filter-soort"><legend>Soort knoop</legend></fieldset>
<fieldset id="filter-grondslag"><legend>Verbanden</legend></fieldset>
<button id="herstel" class="knop" type="button">Alles tonen</button>
<h2>Geselecteerd</h2>
<div id="details"><p>Klik op een knoop of zoek een naam.</p></div>
<h2>Legenda</h2>
<ul class="legenda" id="legenda-pijlers"></ul>
<ul class="legenda" id="legenda-soorten"></ul>
<ul class="legenda" id="legenda-verbanden"></ul>
<p class="soortnaam">Grootte = aantal verbanden. Filter op wijk: inspanningen die de tekst aan die wijk (of een buurt ervan)
verbindt, met wat eraan vastzit.</p>
</aside>
<main id="netwerk-vak"><div id="netwerk"></div><div id="voortgang">Netwerk wordt geordend…</div><div id="tooltip" role="tooltip" hidden></div></main>
</div>
"""

_JS = r"""
(function () {
  "use strict";
  var timing = { start: performance.now() };
  var data = JSON.parse(document.getElementById("netwerk-data").textContent);
  var N = data.knopen, E = data.lijnen, P = data.pijlers, W = data.gebieden;
  var FADED = "#e4e4e4";

  function el(tag, text, cls) {
    var x = document.createElement(tag);
    if (text !== undefined && text !== null) { x.textContent = String(text); }
    if (cls) { x.className = cls; }
    return x;
  }
  function clip(s, n) { s = String(s); return s.length > n ? s.slice(0, n - 1) + "…" : s; }

  // adjacency: for every node the indices of its edges
  var adj = N.map(function () { return []; });
  E.forEach(function (e, i) { adj[e.a].push(i); adj[e.b].push(i); });

  function baseColour(n) {
    if (n.p >= 0 && (n.t === "pijler" || n.t === "strategisch-doel" || n.t === "operationeel-doel" || n.t === "inspanning")) { return P[n.p].kleur; }
    return data.soorten[n.t].kleur;
  }
  function nodeSize(n) { return Math.min(8 + 3.2 * Math.sqrt(n.z), 46) * (n.t === "pijler" ? 1.4 : 1); }
  function visNode(i, faded) {
    var n = N[i], c = faded ? FADED : baseColour(n);
    return { id: i, x: n.x, y: n.y, label: clip(n.l, 42), shape: data.soorten[n.t].vorm, size: nodeSize(n),
             color: { background: c, border: faded ? FADED : "#333333",
                      highlight: { background: c, border: "#000000" }, hover: { background: c, border: "#000000" } },
             font: { color: faded ? "#dadada" : "#222222", size: n.t === "pijler" ? 20 : 13 }, borderWidth: n.t === "pijler" ? 2 : 1 };
  }
  function visEdge(i, faded) {
    var e = E[i], c = data.verbanden[e.k].kleur;
    return { id: i, from: e.a, to: e.b, dashes: e.g === "afgeleid", color: { color: c, opacity: faded ? 0.06 : 0.55, highlight: c, hover: c },
             width: faded ? 0.5 : 1 };
  }

  var nodes = new vis.DataSet(N.map(function (_, i) { return visNode(i, false); }));
  var edges = new vis.DataSet(E.map(function (_, i) { return visEdge(i, false); }));

  // ---------------------------------------------------------------- filters
  var state = { pijler: "", wijk: "", soorten: {}, grondslagen: { genoemd: true, afgeleid: true }, stable: false, selected: null };
  Object.keys(data.soorten).forEach(function (k) { state.soorten[k] = true; });
  var visible = new Uint8Array(N.length);
  function computeVisible() {
    var p = state.pijler === "" ? -1 : Number(state.pijler), w = state.wijk === "" ? -1 : Number(state.wijk);
    for (var i = 0; i < N.length; i++) {
      var n = N[i];
      visible[i] = (state.soorten[n.t] && (p < 0 || n.ps.indexOf(p) >= 0) && (w < 0 || n.ws.indexOf(w) >= 0)) ? 1 : 0;
    }
  }
  computeVisible();
  var nodesView = new vis.DataView(nodes, { filter: function (item) { return visible[item.id] === 1; } });
  var edgesView = new vis.DataView(edges, { filter: function (item) {
    var e = E[item.id]; return state.grondslagen[e.g] && visible[e.a] === 1 && visible[e.b] === 1; } });

  var status = document.getElementById("status");
  function updateStatus(extra) {
    status.textContent = nodesView.length + " van " + N.length + " knopen en " + edgesView.length + " van " + E.length +
      " verbanden zichtbaar." + (extra ? " " + extra : "");
  }
  function applyFilters(extra) {
    computeVisible();
    nodesView.refresh();
    edgesView.refresh();
    updateStatus(extra);
  }

  var selPijler = document.getElementById("filter-pijler");
  P.forEach(function (p, i) { var o = el("option", p.naam); o.value = String(i); selPijler.appendChild(o); });
  var selWijk = document.getElementById("filter-wijk");
  W.forEach(function (w, i) { var o = el("option", w.naam + (w.soort ? " (" + w.soort + ")" : "")); o.value = String(i); selWijk.appendChild(o); });
  selPijler.addEventListener("change", function () { state.pijler = selPijler.value; applyFilters(); });
  selWijk.addEventListener("change", function () { state.wijk = selWijk.value; applyFilters(); });

  function checkbox(container, id, text, checked, onChange) {
    var label = el("label"), box = document.createElement("input");
    box.type = "checkbox"; box.id = id; box.checked = checked;
    box.addEventListener("change", function () { onChange(box.checked); });
    label.appendChild(box); label.appendChild(document.createTextNode(" " + text));
    container.appendChild(label);
    return box;
  }
  var typeBoxes = {}, present = {};
  N.forEach(function (n) { present[n.t] = true; });
  var fsSoort = document.getElementById("filter-soort");
  Object.keys(data.soorten).forEach(function (k) {
    if (!present[k]) { return; }
    typeBoxes[k] = checkbox(fsSoort, "soort-" + k, data.soorten[k].naam, true, function (on) { state.soorten[k] = on; applyFilters(); });
  });
  var basisBoxes = {}, fsBasis = document.getElementById("filter-grondslag");
  Object.keys(data.grondslagen).forEach(function (k) {
    basisBoxes[k] = checkbox(fsBasis, "grondslag-" + k, data.grondslagen[k], true, function (on) { state.grondslagen[k] = on; applyFilters(); });
  });
  function resetFilters(extra) {
    state.pijler = ""; state.wijk = ""; selPijler.value = ""; selWijk.value = "";
    Object.keys(typeBoxes).forEach(function (k) { state.soorten[k] = true; typeBoxes[k].checked = true; });
    Object.keys(basisBoxes).forEach(function (k) { state.grondslagen[k] = true; basisBoxes[k].checked = true; });
    applyFilters(extra);
  }
  document.getElementById("herstel").addEventListener("click", function () { resetFilters(); });

  // ---------------------------------------------------------------- legend
  var lp = document.getElementById("legenda-pijlers");
  P.forEach(function (p) {
    var li = el("li"), box = el("span", null, "kleurvak");
    box.style.backgroundColor = p.kleur; li.appendChild(box); li.appendChild(document.createTextNode(p.naam)); lp.appendChild(li);
  });
  var ls = document.getElementById("legenda-soorten");
  Object.keys(data.soorten).forEach(function (k) {
    if (!present[k]) { return; }
    var s = data.soorten[k], li = el("li"), sym = el("span", s.teken, "teken");
    if (k !== "inspanning" && k !== "pijler" && k !== "strategisch-doel" && k !== "operationeel-doel") { sym.style.color = s.kleur; }
    li.appendChild(sym); li.appendChild(document.createTextNode(" " + s.naam)); ls.appendChild(li);
  });
  var lv = document.getElementById("legenda-verbanden");
  Object.keys(data.verbanden).forEach(function (k) {
    var li = el("li"), line = el("span", null, "lijnstaal");
    line.style.borderTopColor = data.verbanden[k].kleur;
    li.appendChild(line); li.appendChild(document.createTextNode(data.verbanden[k].naam)); lv.appendChild(li);
  });
  var liDash = el("li"), dash = el("span", null, "lijnstaal stippel");
  dash.style.borderTopColor = "#777";
  liDash.appendChild(dash); liDash.appendChild(document.createTextNode("gestippeld: afgeleid verband")); lv.appendChild(liDash);

  // ---------------------------------------------------------------- node information (text only)
  function edgeExtra(e) {
    var parts = [];
    if (e.g === "afgeleid") { parts.push("afgeleid"); }
    if (e.r) { parts.push(e.r); }
    if (e.k === "gefinancierd-door") { parts.push(e.tk === 1 ? "1 toekenning" : e.tk + " toekenningen"); }
    return parts.join(", ");
  }
  function fillInfo(box, i, full) {
    var n = N[i], limit = full ? 100000 : 8;
    box.replaceChildren();
    box.appendChild(el("div", n.l, "info-titel"));
    var kind = data.soorten[n.t].naam + (n.st ? " (" + n.st + ")" : "") + (n.p >= 0 && n.t !== "pijler" ? " · " + P[n.p].naam : "");
    box.appendChild(el("div", kind, "info-soort"));
    if (n.s) { box.appendChild(el("div", "Status: " + n.s, "info-tekst")); }
    if (n.d) { box.appendChild(el("div", full ? n.d : clip(n.d, 260), "info-tekst")); }
    if (n.f) { box.appendChild(el("div", "Financier: " + n.f, "info-tekst")); }
    if (n.b) { box.appendChild(el("div", "Bron: " + n.b, "info-tekst")); }
    var groups = {}, order = [];
    adj[i].forEach(function (ei) {
      var e = E[ei], out = e.a === i, key = e.k + "|" + (out ? "uit" : "in");
      if (!groups[key]) { groups[key] = []; order.push(key); }
      groups[key].push({ other: out ? e.b : e.a, e: e });
    });
    order.forEach(function (key) {
      var items = groups[key];
      items.sort(function (x, y) { return N[x.other].l.localeCompare(N[y.other].l, "nl"); });
      box.appendChild(el("div", (data.relaties[key] || key) + " (" + items.length + ")", "info-kop"));
      var ul = el("ul", null, "info-lijst");
      items.slice(0, limit).forEach(function (it) {
        var li = el("li", N[it.other].l), extra = edgeExtra(it.e);
        if (extra) { li.appendChild(el("span", " — " + extra, "info-extra")); }
        if (full && it.e.x && (it.e.g === "afgeleid" || it.e.k === "gefinancierd-door")) {
          it.e.x.split(" | ").forEach(function (line) { li.appendChild(el("div", line, "info-extra")); });
        }
        ul.appendChild(li);
      });
      if (items.length > limit) { ul.appendChild(el("li", "… en " + (items.length - limit) + " meer", "info-extra")); }
      box.appendChild(ul);
    });
    if (full) { box.appendChild(el("div", n.iri, "info-iri")); }
  }

  // ---------------------------------------------------------------- the network
  var container = document.getElementById("netwerk");
  var big = N.length > 800;
  var options = {
    autoResize: true,
    layout: { improvedLayout: false, randomSeed: 7 },
    physics: {
      enabled: true, solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -55, centralGravity: 0.012, springLength: 90, springConstant: 0.07,
                          avoidOverlap: 0.1, damping: 0.5 },
      // fewer iterations for big graphs: the page must stay usable, the start layout is already sensible
      stabilization: { enabled: true, iterations: Math.round(Math.max(30, Math.min(400, 100000 / Math.max(N.length, 1)))),
                       updateInterval: 10, fit: true },
      minVelocity: 1.5, timestep: 0.5
    },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: big, hideEdgesOnZoom: big, navigationButtons: false, keyboard: false },
    nodes: { borderWidth: 1, font: { face: "system-ui, sans-serif" } },
    edges: { smooth: false, arrows: { to: { enabled: true, scaleFactor: 0.45 } }, selectionWidth: 2 }
  };
  timing.beforeNetwork = performance.now();
  var network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, options);
  timing.afterNetwork = performance.now();
  var progress = document.getElementById("voortgang");
  network.on("stabilizationProgress", function (p) {
    progress.textContent = "Netwerk wordt geordend… " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    state.stable = true;
    timing.stable = performance.now();
    progress.hidden = true;
    document.body.setAttribute("data-stabiel", "ja");
  });

  // tooltip on hover
  var tip = document.getElementById("tooltip");
  network.on("hoverNode", function (p) {
    fillInfo(tip, p.node, false);
    tip.hidden = false;
    var x = p.pointer.DOM.x + 14, y = p.pointer.DOM.y + 14;
    var box = document.getElementById("netwerk-vak");
    var maxX = box.clientWidth - tip.offsetWidth - 8, maxY = box.clientHeight - tip.offsetHeight - 8;
    tip.style.left = Math.max(4, Math.min(x, maxX)) + "px";
    tip.style.top = Math.max(4, Math.min(y, maxY)) + "px";
  });
  network.on("blurNode", function () { tip.hidden = true; });
  network.on("dragStart", function () { tip.hidden = true; });
  network.on("zoom", function () { tip.hidden = true; });

  // neighbourhood highlight
  var faded = new Uint8Array(N.length), fadedEdges = new Uint8Array(E.length), anyFaded = false;
  function highlight(i) {
    var keep = new Uint8Array(N.length), keepE = new Uint8Array(E.length), nu = [], eu = [];
    keep[i] = 1;
    adj[i].forEach(function (ei) { keepE[ei] = 1; keep[E[ei].a] = 1; keep[E[ei].b] = 1; });
    for (var k = 0; k < N.length; k++) { var f = keep[k] ? 0 : 1; if (faded[k] !== f) { faded[k] = f; nu.push(visNode(k, f === 1)); } }
    for (var m = 0; m < E.length; m++) { var fe = keepE[m] ? 0 : 1; if (fadedEdges[m] !== fe) { fadedEdges[m] = fe; eu.push(visEdge(m, fe === 1)); } }
    if (nu.length) { nodes.update(nu); }
    if (eu.length) { edges.update(eu); }
    anyFaded = true;
  }
  function clearHighlight() {
    if (!anyFaded) { return; }
    var nu = [], eu = [];
    for (var k = 0; k < N.length; k++) { if (faded[k]) { faded[k] = 0; nu.push(visNode(k, false)); } }
    for (var m = 0; m < E.length; m++) { if (fadedEdges[m]) { fadedEdges[m] = 0; eu.push(visEdge(m, false)); } }
    if (nu.length) { nodes.update(nu); }
    if (eu.length) { edges.update(eu); }
    anyFaded = false;
  }
  var details = document.getElementById("details");
  function selectNode(i, zoom) {
    var note = "";
    if (!visible[i]) { resetFilters("Filters zijn teruggezet om de gezochte knoop te tonen."); note = "reset"; }
    state.selected = i;
    network.selectNodes([i]);
    highlight(i);
    fillInfo(details, i, true);
    if (zoom) { network.focus(i, { scale: 1.1, animation: { duration: 400, easingFunction: "easeInOutQuad" } }); }
    return note;
  }
  function deselect() {
    state.selected = null;
    network.unselectAll();
    clearHighlight();
    details.replaceChildren(el("p", "Klik op een knoop of zoek een naam."));
  }
  network.on("click", function (p) {
    if (p.nodes.length) { selectNode(p.nodes[0], false); } else { deselect(); }
  });

  // ---------------------------------------------------------------- search
  var search = document.getElementById("zoek"), results = document.getElementById("zoekresultaten");
  var lower = N.map(function (n) { return n.l.toLowerCase(); });
  function matches(q) {
    q = q.trim().toLowerCase();
    if (q.length < 2) { return []; }
    var starts = [], contains = [];
    for (var i = 0; i < N.length; i++) {
      var pos = lower[i].indexOf(q);
      if (pos === 0) { starts.push(i); } else if (pos > 0) { contains.push(i); }
    }
    return starts.concat(contains).slice(0, 40);
  }
  function showResults() {
    results.replaceChildren();
    matches(search.value).forEach(function (i) {
      var li = el("li"), b = el("button");
      b.type = "button";
      b.appendChild(document.createTextNode(N[i].l + " "));
      b.appendChild(el("span", data.soorten[N[i].t].naam, "soortnaam"));
      b.addEventListener("click", function () { selectNode(i, true); });
      li.appendChild(b); results.appendChild(li);
    });
  }
  search.addEventListener("input", showResults);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var m = matches(search.value); if (m.length) { selectNode(m[0], true); } ev.preventDefault(); }
  });

  updateStatus();
  window.npdwNetwerk = {
    network: network, nodes: nodes, edges: edges, nodesView: nodesView, edgesView: edgesView, data: data,
    selectNode: function (i) { return selectNode(i, true); }, deselect: deselect, resetFilters: resetFilters,
    visibleNodeCount: function () { return nodesView.length; },
    isStable: function () { return state.stable; },
    timing: timing,
    selected: function () { return state.selected; },
    indexOf: function (label) { for (var i = 0; i < N.length; i++) { if (N[i].l === label) { return i; } } return -1; },
    showTooltip: function (i) { fillInfo(tip, i, false); tip.hidden = false; }
  };
})();
"""
