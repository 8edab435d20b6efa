"""The GEXF is a drawn network: every node has viz:color, viz:size and viz:position, as the browser page draws it.

The expected colours are computed from what the page itself gets (``page_data``: the pillars'
``kleur``, the types' ``kleur``) with the rule of ``baseColour`` in ``static/netwerk.js`` (the set of
types coloured by pillar is read from the script), and the sizes with ``nodeSize`` from the script,
run by Node.js (``nodejs``, installed by ``make system-deps``); positions are the page's start layout (``x``, ``y``), y negated for Gephi.
"""

from __future__ import annotations

import json
import re
import subprocess
from importlib.resources import files

import networkx as nx
import pytest
from lxml import etree

from npdw_graph.network import build_network, gexf_text
from npdw_graph.network_view import page_data
from npdw_graph.queryengine import OxigraphEngine

GEXF = "{http://www.gexf.net/1.2draft}"
VIZ = "{http://www.gexf.net/1.2draft/viz}"
SCRIPT = (files("npdw_graph.web") / "static" / "netwerk.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def net(graph, project):
    return build_network(OxigraphEngine.from_graph(graph), project.queries_dir)


@pytest.fixture(scope="module")
def drawn(net):
    text = gexf_text(net)
    root = etree.fromstring(text.encode("utf-8"))
    nodes = root.findall(f"{GEXF}graph/{GEXF}nodes/{GEXF}node")
    return text, {n.get("id"): n for n in nodes}


def _hex(el) -> str:
    return "#{:02x}{:02x}{:02x}".format(*(int(el.get(c)) for c in "rgb"))


def page_colour(item: dict, data: dict, grouped: set[str]) -> str:
    """``baseColour`` of netwerk.js."""
    if item["p"] >= 0 and item["t"] in grouped:
        return data["pijlers"][item["p"]]["kleur"]
    return data["soorten"][item["t"]]["kleur"]


def test_every_node_has_colour_size_and_position(drawn, net):
    _text, nodes = drawn
    assert set(nodes) == set(net) and len(nodes) > 300
    for iri, el in nodes.items():
        colour, size, pos = el.find(f"{VIZ}color"), el.find(f"{VIZ}size"), el.find(f"{VIZ}position")
        assert colour is not None and size is not None and pos is not None, f"{iri}: viz missing"
        assert all(0 <= int(colour.get(c)) <= 255 for c in "rgb")
        assert float(size.get("value")) > 0
        float(pos.get("x")), float(pos.get("y")), float(pos.get("z"))


def test_colours_are_the_pages_palette(drawn, net):
    _text, nodes = drawn
    grouped = set(re.search(r"var GROUPED = (\{[^}]*\})", SCRIPT).group(1).replace('"', "").strip("{} ").replace(": true", "").split(", "))
    assert "inspanning" in grouped and "partner" not in grouped
    data = page_data(net, "netwerk")
    wrong = [(i["iri"], _hex(nodes[i["iri"]].find(f"{VIZ}color")), page_colour(i, data, grouped)) for i in data["knopen"]
             if _hex(nodes[i["iri"]].find(f"{VIZ}color")) != page_colour(i, data, grouped)]
    assert not wrong, f"{len(wrong)} node(s) not in the page's colour, e.g. {wrong[:3]}"
    pillar_colours = {p["kleur"] for p in data["pijlers"]}
    assert len(pillar_colours) == 5
    efforts = [i for i in data["knopen"] if i["t"] == "inspanning"]
    assert {_hex(nodes[i["iri"]].find(f"{VIZ}color")) for i in efforts} == pillar_colours


def test_sizes_are_the_pages_node_sizes_by_degree(drawn, net):
    _text, nodes = drawn
    data = page_data(net, "netwerk")
    body = re.search(r"function nodeSize\(n\) \{[^\n]*\}", SCRIPT).group(0)
    items = [{"t": i["t"], "z": i["z"]} for i in data["knopen"]]
    js = f"{body}\nconsole.log(JSON.stringify({json.dumps(items)}.map(nodeSize)));"
    sizes = json.loads(subprocess.run(["node", "-e", js], capture_output=True, text=True, check=True).stdout)
    for item, size in zip(data["knopen"], sizes, strict=True):
        assert float(nodes[item["iri"]].find(f"{VIZ}size").get("value")) == pytest.approx(size, abs=0.01), item["iri"]
        assert item["z"] == net.degree(item["iri"])
    assert len({round(s, 2) for s in sizes}) > 10  # sizes vary with degree


def test_positions_are_the_pages_layout(drawn, net):
    _text, nodes = drawn
    data = page_data(net, "netwerk")
    for item in data["knopen"]:
        pos = nodes[item["iri"]].find(f"{VIZ}position")
        assert float(pos.get("x")) == pytest.approx(item["x"], abs=0.05)
        assert float(pos.get("y")) == pytest.approx(-item["y"], abs=0.05)  # Gephi's y axis points up, the page's down
    assert len({(i["x"], i["y"]) for i in data["knopen"]}) == len(data["knopen"])


def test_networkx_reads_the_viz(drawn, tmp_path):
    text, _nodes = drawn
    path = tmp_path / "netwerk.gexf"
    path.write_text(text, encoding="utf-8")
    g = nx.read_gexf(path)
    for n, d in g.nodes(data=True):
        assert {"color", "size", "position"} <= set(d.get("viz", {})), n
