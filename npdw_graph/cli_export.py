"""``npdw export`` and ``npdw site``: thin commands over export.export and site.build_site."""

from __future__ import annotations

from pathlib import Path

import click

from npdw_graph.export import FORMATS

_BASE_HELP = ("Base IRI for every IRI under https://w3id.org/npdw/ (…/def/ and …/id/ move with it; "
              "other IRIs and all literals stay as they are). Default: https://w3id.org/npdw/.")


@click.command("export")
@click.option("--format", "formats", multiple=True, type=click.Choice([*FORMATS, "all"]), default=("all",), show_default=True,
              help="What to write (repeatable). 'all' also writes the static site (dist/site/, see `npdw site`).")
@click.option("--base", metavar="IRI", default=None, help=_BASE_HELP)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: dist/export/). It is replaced as a whole.")
@click.option("--site-out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the site with --format all (default: dist/site/).")
@click.pass_context
def export_command(ctx: click.Context, formats: tuple[str, ...], base: str | None, out: Path | None, site_out: Path | None) -> None:
    """Write the graph as linked data: Turtle, N-Triples, RDF/XML, JSON-LD (+ local context), TriG, CSV + CSVW,
    a schema.org view, and DCAT and VoID metadata.

    \b
    Examples:
      npdw export                       # everything, including dist/site/
      npdw export --format ttl --format csv
      npdw export --base https://data.example.org/npdw/ --out /tmp/npdw-export
    """
    from npdw_graph.export import export, load_inputs, normalise_base
    from npdw_graph.site import build_site

    project = ctx.obj.project
    base = normalise_base(base)
    graph, validation = load_inputs(project)
    result = export(project, out_dir=out, formats=formats, base=base, graph=graph, validation=validation)
    click.echo(f"Wrote {len(result.files)} file(s) to {result.out_dir} ({result.triples} triples, base {result.base}).")
    if "all" in formats:
        site = build_site(project, out_dir=site_out, base=base, graph=graph)
        click.echo(f"Wrote the site to {site.out_dir} ({site.resources} resources, {site.pages} pages).")


@click.command("site")
@click.option("--base", metavar="IRI", default=None, help=_BASE_HELP)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: dist/site/). It is replaced as a whole.")
@click.pass_context
def site_command(ctx: click.Context, base: str | None, out: Path | None) -> None:
    """Write the static site: a page per resource (with .ttl and .jsonld beside it), indexes per type and pillar,
    and the vocabulary documentation. Works offline; no scripts, no CDN."""
    from npdw_graph.site import build_site

    result = build_site(ctx.obj.project, out_dir=out, base=base)
    click.echo(f"Wrote the site to {result.out_dir} ({result.resources} resources, {result.pages} pages).")


def register(group: click.Group) -> None:
    group.add_command(export_command)
    group.add_command(site_command)
