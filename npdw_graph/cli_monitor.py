"""Commands of the Monitor Dordt West: ``check-cube``, ``import-observations``, ``report``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from npdw_graph.cli import Context, pass_ctx


@click.command("check-cube")
@click.option("--examples", type=click.IntRange(0, 100), default=5, show_default=True,
              help="How many offending nodes to show per violated constraint.")
@pass_ctx
def check_cube(obj: Context, examples: int) -> None:
    """Check the RDF Data Cube integrity constraints (queries/datacube/*.rq); exit 1 if one is violated."""
    from npdw_graph.build import load_graph
    from npdw_graph.datacube import check_cube as run_checks

    project = obj.project
    report = run_checks(load_graph(project), project.queries_dir, examples=examples)
    click.echo(report.to_text(), nl=False)
    sys.exit(0 if report.passed else 1)


@click.command("import-observations")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and say what would be imported; write nothing.")
@click.option("--replace", is_flag=True,
              help="Replace earlier imported observations with the same indicator, area and period.")
@pass_ctx
def import_observations(obj: Context, csv_file: Path, dry_run: bool, replace: bool) -> None:
    """Import a year's measurements from CSV into data/metingen/ (all or nothing).

    \b
    Columns: indicator, area, period, value, unit, source (comma, semicolon or tab separated,
    UTF-8; lines starting with # are comments). indicator and area as slugs
    (goed-ervaren-gezondheid, wielwijk), prefixed names (indicator:..., gebied:...) or IRIs;
    period a year from 2023 to this year; value in digits 0-9 with a decimal comma or point
    (no plus sign, at most 12 digits before and 6 after it); unit exactly the indicator's
    unit. Rows are numbered as lines of the file (the header is row 1).

    \b
    Examples:
      npdw import-observations metingen-2025.csv --dry-run
      npdw import-observations metingen-2025.csv
      npdw import-observations correcties-2025.csv --replace
    """
    from npdw_graph.observations_import import ObservationImportError, single_line
    from npdw_graph.observations_import import import_observations as run_import

    project = obj.project
    name = single_line(csv_file.name)
    try:
        result = run_import(project, csv_file, dry_run=dry_run, replace=replace)
    except ObservationImportError as e:
        click.echo(f"Error: {name}: {len(e.problems)} problem(s); nothing imported.", err=True)
        for problem in e.problems[:100]:
            click.echo(f"  {name}: {single_line(str(problem))}", err=True)
        if len(e.problems) > 100:
            click.echo(f"  ... and {len(e.problems) - 100} more", err=True)
        sys.exit(2)
    plan = result.plan
    verb = "Would import" if dry_run else "Imported"
    click.echo(f"{verb} {plan.count} observation(s) from {name} into {project.relative(plan.target)}.")
    if plan.replaced:
        click.echo(f"{'Would replace' if dry_run else 'Replaced'} {len(plan.replaced)} earlier observation(s) in: "
                   + ", ".join(sorted(set(plan.replaced.values()))) + ".")
    if not dry_run:
        click.echo("Run `npdw build` to validate and publish the graph.")


@click.command("report")
@click.option("--wijk", metavar="WIJK", help="Only this wijk (slug, prefixed name or name: wielwijk, gebied:crabbehof). "
                                             "Default: all of Dordt West.")
@click.option("--pillar", metavar="PIJLER", help="Only this pillar (slug or its start: gezond, pijler:leefbaar-en-veilig).")
@click.option("--format", "fmt", type=click.Choice(["html", "pdf", "md"]), default="html", show_default=True,
              help="html: one standalone page; pdf: a paginated A4 PDF (title page, contents with page numbers); md: Markdown with SVG charts.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, help="Output folder (default: dist/report/).")
@pass_ctx
def report(obj: Context, wijk: str | None, pillar: str | None, fmt: str, out: Path | None) -> None:
    """The yearly accountability report (Dutch): per pillar goals, efforts, money, indicators and trends; finances; data quality.

    \b
    Examples:
      npdw report
      npdw report --format pdf
      npdw report --wijk wielwijk --format md
      npdw report --pillar gezond --out verantwoording/
    """
    from npdw_graph.build import load_graph
    from npdw_graph.report import write_report

    project = obj.project
    path = write_report(project, load_graph(project), wijk=wijk, pillar=pillar, fmt=fmt, out_dir=out)
    click.echo(f"Wrote {project.relative(path)}.")


def register(group: click.Group) -> None:
    for command in (check_cube, import_observations, report):
        group.add_command(command)
