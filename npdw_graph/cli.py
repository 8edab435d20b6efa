"""The ``npdw`` command line: thin commands over the library functions.

Exit codes (as pySHACL): 0 = success / conforms, 1 = the data has Violations,
2 = an error (bad input, unreachable server, ...), printed as one line without traceback.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from npdw_graph.errors import NpdwError
from npdw_graph.project import Project, find_project


class Context:
    def __init__(self, root: Path | None):
        self._root = root
        self._project: Project | None = None

    @property
    def project(self) -> Project:
        if self._project is None:
            self._project = Project(self._root.resolve()) if self._root else find_project()
        return self._project


class NpdwGroup(click.Group):
    """Turn library errors into one clear line and exit status 2.

    The capability modules' commands (``_COMMAND_MODULES``) are registered on first need: a command
    defined here (``npdw build``) runs without importing the others' modules and their libraries.
    """

    _loaded = False

    def _load_modules(self) -> None:
        if not self._loaded:
            self._loaded = True
            _register_commands()

    def get_command(self, ctx: click.Context, cmd_name: str):  # type: ignore[override]
        if cmd_name not in self.commands:
            self._load_modules()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load_modules()
        return super().list_commands(ctx)

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except NpdwError as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(2)
        except OSError as e:  # an I/O error no library function turned into an NpdwError: still one line
            click.echo(f"Error: {_os_error_line(e)}", err=True)
            sys.exit(2)


def _os_error_line(e: OSError) -> str:
    """``PATH: cause`` for an OS error (disk full, file too large, permission denied, ...)."""
    from npdw_graph.atomic import describe_os_error

    paths = [os.fsdecode(p) for p in (e.filename, e.filename2) if p]
    cause = describe_os_error(e)
    return f"{' -> '.join(paths)}: {cause}" if paths else f"input/output error: {cause}"


@click.group(cls=NpdwGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="npdw-graph", prog_name="npdw")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), envvar="NPDW_ROOT",
              help="Project folder (with ontology/, shapes/, data/). Default: found from the current folder.")
@click.pass_context
def main(ctx: click.Context, root: Path | None) -> None:
    """npdw-graph: the Nationaal Programma Dordt West as a linked-data knowledge graph."""
    ctx.obj = Context(root)


pass_ctx = click.make_pass_decorator(Context)


@main.command()
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation (faster; for experiments only).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, help="Output folder (default: dist/).")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary line.")
@pass_ctx
def build(obj: Context, no_validate: bool, out: Path | None, quiet: bool) -> None:
    """Load ontology, shapes and data; validate; write the merged graph, report and stats to dist/."""
    from npdw_graph.build import build as run_build

    result = run_build(obj.project, out_dir=out, validate=not no_validate)
    report = result.report
    if report is not None and (not quiet or report.violations):
        click.echo(report.to_text() if (report.violations or not quiet) else "", nl=False)
    if not result.written:
        click.echo(f"Build failed: {report.violations if report else 0} violation(s); {result.out_dir} left unchanged.", err=True)
        sys.exit(1)
    warnings = report.warnings if report else 0
    click.echo(f"Built {result.out_dir} ({result.stats.triples} triples, {warnings} warning(s)) in {result.seconds:.1f} s.")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "ttl", "json"]), default="text", show_default=True)
@click.option("--engine", type=click.Choice(["fast", "pyshacl"]), default="fast", show_default=True,
              help="fast: every constraint as SPARQL on pyoxigraph; pyshacl: plain pySHACL, the reference (same report, far slower).")
@pass_ctx
def validate(obj: Context, fmt: str, engine: str) -> None:
    """Validate the data against shapes/ and print the report, grouped by severity and shape."""
    from npdw_graph.build import compile_project

    report = compile_project(obj.project, engine=engine).report
    assert report is not None
    text = {"text": report.to_text, "ttl": report.to_turtle, "json": report.to_json}[fmt]()
    click.echo(text, nl=False)
    sys.exit(1 if report.violations else 0)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_ctx
def stats(obj: Context, fmt: str) -> None:
    """Counts per class, per pillar, per wijk, and stated versus inferred links."""
    from npdw_graph.build import load_store
    from npdw_graph.queryengine import OxigraphEngine
    from npdw_graph.stats import compute_stats

    store = load_store(obj.project)
    s = compute_stats(OxigraphEngine(store), len(store))
    click.echo(s.to_json() if fmt == "json" else s.to_text(), nl=False)


def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        if "=" not in item:
            raise click.BadParameter(f"{item!r} is not key=value", param_hint="--param")
        key, value = item.split("=", 1)
        params[key.strip()] = value
    return params


@main.command()
@click.argument("name", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE", help="Bind a query parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "ttl", "nt", "jsonld"]), default=None,
              help="SELECT: table (default), csv, tsv, json. ASK: true/false (default) or json. CONSTRUCT/DESCRIBE: ttl (default), nt, jsonld.")
@click.option("--endpoint", metavar="URL", help="Run on this SPARQL 1.1 endpoint instead of the embedded graph.")
@click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph", show_default=True,
              help="Embedded engine (ignored with --endpoint).")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds to wait for an endpoint.")
@click.option("--list", "list_", is_flag=True, help="List the named queries with their questions.")
@pass_ctx
def query(obj: Context, name: str | None, params: tuple[str, ...], fmt: str | None, endpoint: str | None, engine: str,
          timeout: float, list_: bool) -> None:
    """Run a named query (or a .rq file of any form: SELECT, ASK, CONSTRUCT, DESCRIBE) and print the result.

    \b
    Examples:
      npdw query --list
      npdw query keten-voor-wijk --param wijk=gebied:crabbehof
      npdw query doelen-zonder-inspanning --format csv
      npdw query financiering-door-het-rijk --endpoint http://127.0.0.1:7878/query
      npdw query queries/datacube/ic-12-no-duplicate-observations.rq     (ASK: prints true or false)
      npdw query mijn-construct.rq --format jsonld                        (CONSTRUCT/DESCRIBE: RDF)
    """
    from npdw_graph.query import fetch_labels, format_any, output_format, run_named
    from npdw_graph.queryengine import SelectResult
    from npdw_graph.querylib import load_library, resolve

    project = obj.project
    if list_ or not name:
        for q in load_library(project.queries_dir).values():
            ps = " ".join(f"[{p.name}={p.default}]" if p.optional or p.default else p.name for p in q.params)
            click.echo(f"{q.name}  {ps}".rstrip())
            click.echo(f"    {q.title}")
            click.echo(f"    {q.question}")
        return
    nq = resolve(name, project.queries_dir)
    eng = _engine(project, endpoint, engine, timeout)
    try:
        result = run_named(nq, eng, _parse_params(params))
    except (SyntaxError, ValueError, OSError) as e:
        raise NpdwError(f"query {nq.name} failed: {str(e).splitlines()[0] if str(e) else type(e).__name__}") from None
    out_fmt = output_format(result, fmt)
    labels = fetch_labels(eng, result) if out_fmt == "table" and isinstance(result, SelectResult) else None
    click.echo(format_any(result, out_fmt, labels), nl=False)


def _engine(project: Project, endpoint: str | None, engine: str, timeout: float):
    from npdw_graph.build import load_graph, load_store
    from npdw_graph.queryengine import OxigraphEngine, RdflibEngine
    from npdw_graph.remote import RemoteEngine

    if endpoint:
        return RemoteEngine(endpoint, timeout=timeout)
    if engine == "oxigraph":  # straight into pyoxigraph: no rdflib graph is made
        return OxigraphEngine(load_store(project))
    return RdflibEngine(load_graph(project))


# Capability modules register their own commands (npdw_graph/cli_<capability>.py with a
# ``register(group)`` function), so each command stays next to the library code it wraps.
_COMMAND_MODULES = ("cli_network", "cli_export", "cli_monitor", "cli_server")


def _register_commands() -> None:
    import importlib
    import importlib.util

    for name in _COMMAND_MODULES:
        module_name = f"npdw_graph.{name}"
        if importlib.util.find_spec(module_name) is not None:
            importlib.import_module(module_name).register(main)


if __name__ == "__main__":
    main()
