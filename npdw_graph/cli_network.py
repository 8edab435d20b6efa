"""``npdw network``: the goals-efforts network, its analyses, Bijlage 2 and the browser pages."""

from __future__ import annotations

from pathlib import Path

import click

from npdw_graph.network_names import VIEW_GROUPS


@click.command("network")
@click.option("--pillar", metavar="PIJLER", help="Only this pillar's subnetwork (IRI, pijler:slug, name or short name such as Wonen).")
@click.option("--wijk", metavar="GEBIED", help="Only the subnetwork of this wijk or area (IRI, gebied:slug or name such as Crabbehof).")
@click.option("--focus", metavar="KNOOP", help="Only the neighbourhood of this node (IRI, prefixed name or name of an effort, goal, partner, ...).")
@click.option("--radius", type=click.IntRange(1, 5), default=1, show_default=True, help="Links around --focus to include.")
@click.option("--view", "views", multiple=True, type=click.Choice(["all", *VIEW_GROUPS]), default=("all",), show_default=True,
              help="Which pages to write (repeatable): full network, goals-efforts only, one per wijk, one per pillar.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: dist/network/, or dist/network-<selection>/ with --pillar/--wijk/--focus).")
@click.option("--endpoint", metavar="URL", help="Query this SPARQL 1.1 endpoint instead of the embedded graph.")
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds to wait for an endpoint.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary line.")
@click.pass_obj
def network(obj, pillar: str | None, wijk: str | None, focus: str | None, radius: int, views: tuple[str, ...], out: Path | None,
            endpoint: str | None, timeout: float, quiet: bool) -> None:
    """Build the goals-efforts network from SPARQL and write pages, GraphML, GEXF, JSON, analysis and Bijlage 2.

    \b
    Writes to dist/network/: netwerk.html (full network), doelen-inspanningen.html,
    wijk-<wijk>.html, pijler-<pijler>.html, index.html, netwerk.graphml, netwerk.gexf,
    netwerk.json (node-link), analyse.md with analyse-*.csv, samenwerking.graphml,
    bijlage-2.csv and bijlage-2.html.

    \b
    Examples:
      npdw network
      npdw network --pillar Wonen
      npdw network --wijk gebied:crabbehof --view full
      npdw network --focus Energiehulp --radius 2
    """
    from npdw_graph.cli import _engine
    from npdw_graph.network import generate

    project = obj.project
    engine = _engine(project, endpoint, "oxigraph", timeout)
    groups = VIEW_GROUPS if "all" in views else tuple(dict.fromkeys(views))
    result = generate(engine, project.queries_dir, project.dist_dir, out, pillar=pillar, wijk=wijk, focus=focus, radius=radius,
                      view_groups=groups)
    if not quiet:
        for name in result.files:
            click.echo(f"  {name}")
    merged = result.graph.graph.get("samengevoegd", 0)
    note = f"; {merged} parallel link(s) merged" if merged else ""
    click.echo(f"Wrote {result.out_dir} ({result.nodes} nodes, {result.edges} edges, {len(result.files)} files{note}).")


def register(group: click.Group) -> None:
    group.add_command(network)
