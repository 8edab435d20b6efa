"""Analyses of the goals-efforts network that answer the programme's own questions.

Coverage of the operational goals, integrality (efforts over pillar borders, pillar × pillar
matrices), centrality of efforts and partners, bridges between pillars, the partner
co-working network and the sizes of the per-wijk and per-pillar subnetworks. Everything is
computed from the NetworkX graph of :mod:`npdw_graph.network` in (near) linear time; only
betweenness is expensive, and on a large graph it is estimated from a
fixed-seed sample of source nodes (see ``BETWEENNESS_BUDGET``).
"""

from __future__ import annotations

import io
import random
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx

from npdw_graph import csvsafe
from npdw_graph.network import (
    EDGE_KINDS,
    NODE_TYPES,
    area_parts_index,
    area_subnetwork_nodes,
    count_edges_within,
    nodes_of,
    pillar_subnetwork_nodes,
    pillars,
    sort_key,
)

# Exact betweenness costs one breadth-first search per node. Above this many (node × edge)
# steps it is estimated from a fixed-seed sample of sources, as many as fit in the same budget
# (at least MIN_SAMPLE): the real programme (≈350 working nodes) is exact, 5,000 nodes take ≈1 s.
BETWEENNESS_BUDGET = 2_500_000
MIN_SAMPLE = 64
BETWEENNESS_SEED = 20230101
# Pillars, strategic goals and areas are classification hubs: every effort hangs from its pillar
# and most from Dordt West, so they would short-circuit every path. Betweenness is computed on
# the working network of efforts, partners, operational goals and regelingen.
WORKING_TYPES = ("inspanning", "partner", "operationeel-doel", "regeling")
TOP = 15

Row = dict[str, str | int | float]


@dataclass
class Analysis:
    pillar_order: list[str]
    pillar_names: dict[str, str]
    summary: list[Row] = field(default_factory=list)
    coverage: list[Row] = field(default_factory=list)
    goals_without_effort: list[str] = field(default_factory=list)
    multi_pillar: list[Row] = field(default_factory=list)
    cooccurrence: dict[tuple[str, str], int] = field(default_factory=dict)
    primary_to_touched: dict[tuple[str, str], int] = field(default_factory=dict)
    shared_partners: dict[tuple[str, str], int] = field(default_factory=dict)
    centrality: list[Row] = field(default_factory=list)
    betweenness_sample: int | None = None
    bridges: list[Row] = field(default_factory=list)
    coworking: nx.Graph = field(default_factory=nx.Graph)
    coworking_pairs: list[Row] = field(default_factory=list)
    coworking_summary: list[Row] = field(default_factory=list)
    subnetworks: list[Row] = field(default_factory=list)

    # -------------------------------------------------------------- outputs

    def matrix_rows(self, matrix: dict[tuple[str, str], int]) -> list[Row]:
        rows: list[Row] = []
        for p in self.pillar_order:
            row: Row = {"pijler": self.pillar_names[p]}
            for q in self.pillar_order:
                row[self.pillar_names[q]] = matrix.get((p, q), 0)
            rows.append(row)
        return rows

    def csv_files(self) -> dict[str, str]:
        return {
            "analyse-samenvatting.csv": _csv(self.summary),
            "analyse-doelen.csv": _csv(self.coverage),
            "analyse-integraliteit.csv": _csv(self.multi_pillar),
            "analyse-pijlermatrix.csv": _csv(self.matrix_rows(self.cooccurrence)),
            "analyse-pijlermatrix-hoofdpijler.csv": _csv(self.matrix_rows(self.primary_to_touched)),
            "analyse-gedeelde-partners.csv": _csv(self.matrix_rows(self.shared_partners)),
            "analyse-centraliteit.csv": _csv(self.centrality),
            "analyse-bruggen.csv": _csv(self.bridges),
            "analyse-samenwerking.csv": _csv(self.coworking_pairs),
            "analyse-deelnetwerken.csv": _csv(self.subnetworks),
        }

    def to_markdown(self) -> str:
        out: list[str] = ["# Analyse van het doelen-inspanningennetwerk", ""]
        out += ["Berekend uit de kennisgraaf (SPARQL-query's `netwerk-knopen` en `netwerk-verbanden`). "
                "Genoemd = de bron noemt het verband; afgeleid = door de samenstellers afgeleid, met reden.", ""]
        out += ["## Omvang", "", *_md_table(self.summary, ["onderdeel", "soort", "aantal"]), ""]

        out += ["## Dekking van de operationele doelen", ""]
        if self.goals_without_effort:
            out += [f"**{len(self.goals_without_effort)} operationele doelen zonder enige inspanning:**", ""]
            out += [f"- {_md(label)}" for label in self.goals_without_effort] + [""]
        else:
            out += ["Aan elk operationeel doel draagt minstens één inspanning bij.", ""]
        out += _md_table(self.coverage, ["nr", "doel", "pijler", "inspanningen", "genoemd", "afgeleid", "pijlers"]) + [""]

        out += ["## Integraliteit", "",
                f"{len(self.multi_pillar)} inspanningen raken meer dan één pijler (hoofdpijler plus afgeleide pijlerverbanden).", ""]
        out += _md_table(self.multi_pillar[:TOP * 2], ["inspanning", "hoofdpijler", "aantal pijlers", "raakt ook"]) + [""]
        names = [self.pillar_names[p] for p in self.pillar_order]
        out += ["### Pijler × pijler: inspanningen die beide pijlers raken", "",
                "Symmetrisch; op de diagonaal het aantal inspanningen dat de pijler raakt (als hoofdpijler of afgeleid).", ""]
        out += _md_table(self.matrix_rows(self.cooccurrence), ["pijler", *names]) + [""]
        out += ["### Hoofdpijler (rij) → ook geraakte pijler (kolom)", ""]
        out += _md_table(self.matrix_rows(self.primary_to_touched), ["pijler", *names]) + [""]

        sample = (f"geschat uit een steekproef van {self.betweenness_sample} bronknopen (vaste seed)"
                  if self.betweenness_sample else "exact berekend")
        out += ["## Centraliteit van inspanningen en partners", "",
                f"Graad = aantal verbanden in het hele netwerk. Betweenness ({sample}) op het werknetwerk van "
                "inspanningen, partners, operationele doelen en regelingen, ongericht: pijlers, strategische doelen en "
                "gebieden zijn verzamelknopen die anders elk pad kortsluiten.", ""]
        for soort, title in (("inspanning", "Inspanningen"), ("partner", "Partners")):
            rows = [r for r in self.centrality if r["soort"] == soort]
            out += [f"### {title}: hoogste graad", "", *_md_table(sorted(rows, key=lambda r: (-int(r["graad"]), str(r["naam"])))[:TOP],
                                                                   ["naam", "graad", "betweenness"]), ""]
            out += [f"### {title}: hoogste betweenness", "", *_md_table(sorted(rows, key=lambda r: (-float(r["betweenness"]), str(r["naam"])))[:TOP],
                                                                         ["naam", "graad", "betweenness"]), ""]

        out += ["## Bruggen tussen pijlers", "",
                "Inspanningen en partners die meer dan één pijler verbinden, naar aantal pijlers en betweenness. "
                "Voor een partner tellen de hoofdpijlers van de inspanningen waarin hij partner is.", ""]
        out += _md_table(self.bridges[:TOP * 2], ["naam", "soort", "aantal pijlers", "pijlers", "betweenness"]) + [""]
        out += ["### Gedeelde partners per pijlerpaar", "",
                "Aantal partners dat in beide pijlers aan een inspanning meewerkt (diagonaal: partners in de pijler).", ""]
        out += _md_table(self.matrix_rows(self.shared_partners), ["pijler", *names]) + [""]

        out += ["## Samenwerkingsnetwerk van partners", "",
                "Twee partners zijn verbonden als zij aan dezelfde inspanning meewerken; het gewicht is het aantal gedeelde inspanningen.", ""]
        out += _md_table(self.coworking_summary, ["maat", "waarde"]) + [""]
        out += ["### Sterkste samenwerkingen", "", *_md_table(self.coworking_pairs[:TOP], ["partner a", "partner b", "gedeelde inspanningen"]), ""]

        out += ["## Deelnetwerken per wijk en per pijler", "",
                "Een deelnetwerk: de inspanningen van de wijk of pijler met alles waar ze aan verbonden zijn, plus de doelen erboven. "
                "Inspanningen van een wijk: die de bron met de wijk (of een buurt erin) verbindt; inspanningen voor heel Dordt West of "
                "heel Dordrecht tellen niet mee. Inspanningen van een pijler: die met deze hoofdpijler plus die van een andere hoofdpijler "
                "die deze pijler ook raken; de kolommen hoofdpijler en raakt ook geven die twee getallen apart.", ""]
        columns = ["soort", "naam", "knopen", "verbanden", "inspanningen", "hoofdpijler", "raakt ook", "partners", "regelingen",
                   "operationele doelen"]
        out += _md_table(self.subnetworks, columns) + [""]
        return "\n".join(out)


def _csv(rows: list[Row]) -> str:
    buf = io.StringIO()
    csvsafe.write_dicts(buf, rows, lineterminator="\n")
    return buf.getvalue()


def _md(value: object) -> str:
    """A table cell: labels are data, so no markup gets through (pipes, HTML, line breaks)."""
    text = f"{value:.4f}" if isinstance(value, float) else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace("\n", " ")


def _md_table(rows: list[Row], columns: list[str]) -> list[str]:
    if not rows:
        return ["_(geen)_"]
    lines = ["| " + " | ".join(_md(c) for c in columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_md(r.get(c, "")) for c in columns) + " |" for r in rows]
    return lines


# ------------------------------------------------------------------ the analyses


def _efforts_pillars(g: nx.DiGraph) -> dict[str, tuple[str, set[str]]]:
    """effort -> (primary pillar, every pillar it touches including the primary one)."""
    out: dict[str, tuple[str, set[str]]] = {}
    for e in nodes_of(g, "inspanning"):
        primary = g.nodes[e]["pijler"]
        touched = {primary} if primary else set()
        touched.update(t for _, t, k in g.out_edges(e, data="soort") if k == "raakt-pijler")
        out[e] = (primary, touched)
    return out


def summary_rows(g: nx.DiGraph) -> list[Row]:
    rows: list[Row] = []
    types = Counter(d["soort"] for _, d in g.nodes(data=True))
    rows += [{"onderdeel": "knopen", "soort": NODE_TYPES[t], "aantal": types.get(t, 0)} for t in NODE_TYPES]
    kinds = Counter((d["soort"], d["grondslag"]) for _, _, d in g.edges(data=True))
    for kind, name in EDGE_KINDS.items():
        for basis in ("genoemd", "afgeleid"):
            if kinds.get((kind, basis)):
                rows.append({"onderdeel": "verbanden", "soort": f"{name} ({basis})", "aantal": kinds[(kind, basis)]})
    rows.append({"onderdeel": "totaal", "soort": "knopen", "aantal": g.number_of_nodes()})
    rows.append({"onderdeel": "totaal", "soort": "verbanden", "aantal": g.number_of_edges()})
    return rows


def goal_coverage(g: nx.DiGraph, names: dict[str, str]) -> tuple[list[Row], list[str]]:
    rows: list[Row] = []
    empty: list[str] = []
    for goal in sorted(nodes_of(g, "operationeel-doel"), key=lambda n: sort_key(g, n)):
        d = g.nodes[goal]
        contributions = [(u, e["grondslag"]) for u, _, e in g.in_edges(goal, data=True) if e["soort"] == "draagt-bij-aan"]
        efforts = sorted({u for u, _ in contributions}, key=lambda n: sort_key(g, n))
        effort_pillars = sorted({g.nodes[u]["pijler"] for u in efforts if g.nodes[u]["pijler"]}, key=lambda p: sort_key(g, p))
        rows.append({
            "doel_iri": goal,
            "nr": d["volgorde"],
            "doel": d["label"],
            "pijler": names.get(d["pijler"], ""),
            "inspanningen": len(efforts),
            "genoemd": sum(1 for _, b in contributions if b == "genoemd"),
            "afgeleid": sum(1 for _, b in contributions if b == "afgeleid"),
            "pijlers": "; ".join(names.get(p, p) for p in effort_pillars),
            "inspanning_namen": "; ".join(g.nodes[u]["label"] for u in efforts),
        })
        if not efforts:
            empty.append(d["label"])
    return rows, empty


def pillar_matrices(g: nx.DiGraph, order: list[str]) -> tuple[list[Row], dict[tuple[str, str], int], dict[tuple[str, str], int]]:
    names = {p: g.nodes[p].get("kortNaam") or g.nodes[p]["label"] for p in order}
    co: Counter[tuple[str, str]] = Counter()
    directed: Counter[tuple[str, str]] = Counter()
    multi: list[Row] = []
    for e, (primary, touched) in _efforts_pillars(g).items():
        for p in touched:
            co[(p, p)] += 1
        for p, q in combinations(sorted(touched), 2):
            co[(p, q)] += 1
            co[(q, p)] += 1
        for q in touched - {primary}:
            directed[(primary, q)] += 1
        if len(touched) > 1:
            others = sorted(touched - {primary}, key=lambda p: sort_key(g, p))
            multi.append({"inspanning_iri": e, "inspanning": g.nodes[e]["label"], "hoofdpijler": names.get(primary, primary),
                          "aantal pijlers": len(touched), "raakt ook": "; ".join(names.get(p, p) for p in others)})
    multi.sort(key=lambda r: (-int(r["aantal pijlers"]), sort_key(g, str(r["inspanning_iri"]))))
    return multi, dict(co), dict(directed)


def working_network(g: nx.DiGraph) -> nx.Graph:
    keep = [n for n, d in g.nodes(data=True) if d["soort"] in WORKING_TYPES]
    return nx.Graph(g.subgraph(keep))


def betweenness(g: nx.DiGraph) -> tuple[dict[str, float], int | None]:
    """Betweenness on the undirected working network; sampled (fixed seed) when it is large."""
    work = working_network(g)
    n, m = work.number_of_nodes(), work.number_of_edges()
    k = None if n * max(m, 1) <= BETWEENNESS_BUDGET else min(n, max(MIN_SAMPLE, BETWEENNESS_BUDGET // max(m, 1)))
    return brandes_betweenness(work, k=k, seed=BETWEENNESS_SEED), k


def brandes_betweenness(graph: nx.Graph, k: int | None = None, seed: int = 0) -> dict[str, float]:
    """Normalised betweenness of an unweighted undirected graph (Brandes 2001), optionally over k sampled sources.

    Equal to ``nx.betweenness_centrality(graph, k=k, normalized=True)`` (with its own sample of
    sources), but on integer adjacency lists, which makes it several times faster.
    """
    nodes = sorted(graph.nodes, key=str)
    index = {v: i for i, v in enumerate(nodes)}
    adj = [[index[w] for w in graph.adj[v] if w != v] for v in nodes]
    n = len(nodes)
    bc = [0.0] * n
    sources = range(n) if k is None or k >= n else sorted(random.Random(seed).sample(range(n), k))
    for s in sources:
        sigma = [0] * n
        dist = [-1] * n
        sigma[s], dist[s] = 1, 0
        order = [s]  # breadth-first order, also the queue
        i = 0
        while i < len(order):
            v = order[i]
            i += 1
            dv, sv = dist[v] + 1, sigma[v]
            for w in adj[v]:
                dw = dist[w]
                if dw < 0:
                    dist[w] = dv
                    sigma[w] = sv
                    order.append(w)
                elif dw == dv:
                    sigma[w] += sv
        delta = [0.0] * n
        for w in reversed(order):
            up = dist[w] - 1
            coeff = (1.0 + delta[w]) / sigma[w]
            for v in adj[w]:
                if dist[v] == up:
                    delta[v] += sigma[v] * coeff
            bc[w] += delta[w]
        bc[s] -= delta[s]
    if n > 2:
        scale = 1.0 / ((n - 1) * (n - 2))
        if k is not None and k < n:
            scale *= n / k
        bc = [x * scale for x in bc]
    return {nodes[i]: bc[i] for i in range(n)}


def partner_pillars(g: nx.DiGraph) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for p in nodes_of(g, "partner"):
        out[p] = {g.nodes[e]["pijler"] for e in g.successors(p) if g.nodes[e]["soort"] == "inspanning" and g.nodes[e]["pijler"]}
    return out


def coworking_network(g: nx.DiGraph) -> nx.Graph:
    """Partners linked by the efforts they share (weight = number of shared efforts)."""
    cw = nx.Graph()
    for p in nodes_of(g, "partner"):
        cw.add_node(p, label=g.nodes[p]["label"], subsoort=g.nodes[p].get("subsoort", ""))
    for e in nodes_of(g, "inspanning"):
        partners = sorted(u for u in g.predecessors(e) if g.nodes[u]["soort"] == "partner")
        for a, b in combinations(partners, 2):
            if cw.has_edge(a, b):
                cw.edges[a, b]["weight"] += 1
            else:
                cw.add_edge(a, b, weight=1)
    return cw


def subnetwork_rows(g: nx.DiGraph, names: dict[str, str]) -> list[Row]:
    rows: list[Row] = []
    rank = {"focusgebied": 0, "wijk": 1, "gemeente (gebied)": 2, "buurt": 3}
    areas = sorted(nodes_of(g, "gebied"), key=lambda n: (rank.get(g.nodes[n]["subsoort"], 4), g.nodes[n]["label"]))
    index = area_parts_index(g)
    subsets = [("pijler", p, pillar_subnetwork_nodes(g, p)) for p in pillars(g)]
    subsets += [(g.nodes[a]["subsoort"] or "gebied", a, area_subnetwork_nodes(g, a, index)) for a in areas]
    for soort, node, nodes in subsets:
        types = Counter(g.nodes[n]["soort"] for n in nodes)
        primary: int | str = ""
        touching: int | str = ""
        if soort == "pijler":  # two numbers, never one: efforts of this primary pillar, and of another that touch it
            primary = sum(1 for n in nodes if g.nodes[n]["soort"] == "inspanning" and g.nodes[n].get("pijler") == node)
            touching = types["inspanning"] - primary
        rows.append({"soort": soort, "naam": g.nodes[node]["label"], "iri": node, "knopen": len(nodes),
                     "verbanden": count_edges_within(g, nodes), "inspanningen": types["inspanning"], "hoofdpijler": primary,
                     "raakt ook": touching, "partners": types["partner"],
                     "regelingen": types["regeling"], "operationele doelen": types["operationeel-doel"]})
    return rows


def analyse(g: nx.DiGraph) -> Analysis:
    order = pillars(g)
    names = {p: g.nodes[p].get("kortNaam") or g.nodes[p]["label"] for p in order}
    a = Analysis(pillar_order=order, pillar_names=names)
    a.summary = summary_rows(g)
    a.coverage, a.goals_without_effort = goal_coverage(g, names)
    a.multi_pillar, a.cooccurrence, a.primary_to_touched = pillar_matrices(g, order)

    between, a.betweenness_sample = betweenness(g)
    efforts = _efforts_pillars(g)
    p_pillars = partner_pillars(g)
    for n in sorted((*nodes_of(g, "inspanning"), *nodes_of(g, "partner")), key=lambda n: (g.nodes[n]["soort"], g.nodes[n]["label"])):
        d = g.nodes[n]
        a.centrality.append({"iri": n, "soort": d["soort"], "naam": d["label"], "graad": g.degree(n),
                             "betweenness": round(between.get(n, 0.0), 6)})
        reached = efforts[n][1] if d["soort"] == "inspanning" else p_pillars[n]
        if len(reached) > 1:
            a.bridges.append({"iri": n, "soort": d["soort"], "naam": d["label"], "aantal pijlers": len(reached),
                              "pijlers": "; ".join(names.get(p, p) for p in sorted(reached, key=lambda p: sort_key(g, p))),
                              "betweenness": round(between.get(n, 0.0), 6)})
    a.bridges.sort(key=lambda r: (-int(r["aantal pijlers"]), -float(r["betweenness"]), str(r["naam"])))

    shared: Counter[tuple[str, str]] = Counter()
    for reached in p_pillars.values():
        for p in reached:
            shared[(p, p)] += 1
        for p, q in combinations(sorted(reached), 2):
            shared[(p, q)] += 1
            shared[(q, p)] += 1
    a.shared_partners = dict(shared)

    cw = coworking_network(g)
    a.coworking = cw
    pairs = sorted(cw.edges(data="weight"), key=lambda t: (-t[2], cw.nodes[t[0]]["label"], cw.nodes[t[1]]["label"]))
    a.coworking_pairs = [{"partner a": cw.nodes[u]["label"], "partner b": cw.nodes[v]["label"], "gedeelde inspanningen": w,
                          "iri a": u, "iri b": v} for u, v, w in pairs]
    components = sorted((len(c) for c in nx.connected_components(cw)), reverse=True) if cw.number_of_nodes() else []
    most = max(cw.degree(), key=lambda t: (t[1], t[0]), default=None)
    a.coworking_summary = [
        {"maat": "partners", "waarde": cw.number_of_nodes()},
        {"maat": "samenwerkende paren", "waarde": cw.number_of_edges()},
        {"maat": "samenhangende groepen", "waarde": len(components)},
        {"maat": "grootste groep (partners)", "waarde": components[0] if components else 0},
        {"maat": "partners zonder medepartner", "waarde": sum(1 for c in components if c == 1)},
        {"maat": "meeste medepartners", "waarde": f"{cw.nodes[most[0]]['label']} ({most[1]})" if most else ""},
    ]
    a.subnetworks = subnetwork_rows(g, names)
    return a
