"""Commands for the served graph: ``npdw serve``, ``npdw publish``, ``npdw loadtest``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from npdw_graph.errors import NpdwError

if TYPE_CHECKING:  # cli.py imports this module while it registers commands: no import back at run time
    from npdw_graph.cli import Context

_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _graph_file(obj: Context) -> Path:
    nt = obj.project.dist_dir / "graph.nt"
    if not nt.is_file():
        raise NpdwError(f"{obj.project.relative(nt)} not found; run 'npdw build' first")
    return nt


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (localhost only unless you change it).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: any free port).")
@click.option("--write-token", envvar="NPDW_WRITE_TOKEN", metavar="TOKEN",
              help="Allow SPARQL Update and Graph Store writes for requests with 'Authorization: Bearer TOKEN' (env: NPDW_WRITE_TOKEN).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, help="Time limit per query, in seconds.")
@click.option("--max-rows", type=click.IntRange(min=0), default=10_000, show_default=True, help="Result-size limit (rows or triples).")
@click.option("--site", "site", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Static site to serve at / and /doc/ (default: dist/site/).")
@click.option("--disk-store", is_flag=True,
              help="Keep Oxigraph's store in a read-only folder (serve-read-only) instead of in memory: Oxigraph itself then "
                   "refuses writes, for hosts with local users you do not trust; queries are 4-5 times slower.")
@click.pass_obj
def serve(obj: Context, host: str, port: int, write_token: str | None, timeout: float, max_rows: int, site: Path | None,
          disk_store: bool) -> None:
    """Serve the built graph: a real Oxigraph SPARQL server behind a read-only, limited front.

    \b
    Routes: /sparql and /query (SPARQL 1.1 Protocol; a results page and the query
    editor for browsers), /vragen/ (the named queries with their forms and downloads),
    /zoeken?q= (search), /id/... (content negotiation: 303 to /doc/... for browsers;
    Turtle, JSON-LD, N-Triples, RDF/XML), / and /doc/... (the static portal), /ui/
    (Oxigraph's query screen), /update and /store (writes, only with --write-token and
    a matching bearer token). Ctrl-C stops everything.

    \b
    Examples:
      npdw serve
      npdw query doelen-zonder-inspanning --endpoint http://127.0.0.1:8000/sparql
      curl -H 'Accept: text/turtle' http://127.0.0.1:8000/id/inspanning/energiehulp
    """
    from npdw_graph.serve import serve_forever, start_server

    nt = _graph_file(obj)
    site_dir = site if site is not None else obj.project.dist_dir / "site"
    click.echo(f"Loading {obj.project.relative(nt)} into Oxigraph ...", err=True)
    running = start_server(nt, host=host, port=port, write_token=write_token, timeout=timeout, max_rows=max_rows, site_dir=site_dir,
                           queries_dir=obj.project.queries_dir, disk_store=disk_store)
    mode = "read-write with token" if write_token else "read-only"
    click.echo(f"Serving the NPDW graph at {running.url}")
    click.echo(f"SPARQL endpoint: {running.sparql_url} ({mode}; time limit {timeout:g} s, at most {max_rows} rows)")
    click.echo(f"Questions: {running.url}vragen/; search: {running.url}zoeken?q=...; query editor: {running.sparql_url} (in a browser)")
    click.echo(f"Query UI (Oxigraph): {running.ui_url}")
    click.echo(f"Linked data: {running.url}id/<type>/<slug>; site: {site_dir if site_dir.is_dir() else 'not built (npdw export)'}")
    store = "a read-only folder" if disk_store else "memory"
    click.echo(f"Oxigraph (pid {running.oxigraph.pid}) listens internally at {running.oxigraph.url}/ (store in {store})")
    if host not in _LOOPBACK:
        click.echo(f"Warning: listening on {host}, reachable from other machines.", err=True)
    click.echo("Press Ctrl-C to stop.", err=True)
    sys.stdout.flush()
    status = serve_forever(running, echo=lambda line: click.echo(line, err=True))
    click.echo("Stopped.", err=True)
    sys.exit(status)


@click.command()
@click.option("--endpoint", required=True, metavar="URL", help="The store's Graph Store HTTP Protocol endpoint (e.g. http://host:7878/store).")
@click.option("--graph", "graph_iri", metavar="IRI", default=None, help="Named graph to replace (default: https://w3id.org/npdw/id/dataset/npdw).")
@click.option("--token", envvar="NPDW_PUBLISH_TOKEN", metavar="T", help="Bearer token for the store (env: NPDW_PUBLISH_TOKEN).")
@click.option("--user", envvar="NPDW_PUBLISH_USER", metavar="NAME:PASSWORD",
              help="HTTP Basic credentials instead of a token (Fuseki, GraphDB; env: NPDW_PUBLISH_USER).")
@click.option("--query-endpoint", metavar="URL", help="SPARQL endpoint for the count check (default: derived from --endpoint).")
@click.option("--retries", type=click.IntRange(min=0), default=3, show_default=True, help="Retries on connection errors, time-outs and 5xx.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=120.0, show_default=True, help="Seconds to wait for each request.")
@click.option("--no-verify", is_flag=True, help="Skip the triple count check after the upload.")
@click.pass_obj
def publish(obj: Context, endpoint: str, graph_iri: str | None, token: str | None, user: str | None, query_endpoint: str | None,
            retries: int, timeout: float, no_verify: bool) -> None:
    """Replace a named graph in any triple store with dist/graph.nt (one Graph Store PUT).

    \b
    Examples:
      npdw publish --endpoint http://127.0.0.1:7878/store
      npdw publish --endpoint http://localhost:3030/npdw/data --graph https://w3id.org/npdw/id/dataset/npdw
    """
    from npdw_graph.publish import DEFAULT_GRAPH
    from npdw_graph.publish import publish as run_publish

    nt = _graph_file(obj)
    result = run_publish(nt, endpoint, graph_iri or DEFAULT_GRAPH, token=token, user=user, query_endpoint=query_endpoint, retries=retries,
                         timeout=timeout, verify=not no_verify, log=lambda line: click.echo(line, err=True))
    click.echo(result.to_text(), nl=False)


@click.command()
@click.option("--endpoint", metavar="URL", help="SPARQL endpoint to load (default: start 'npdw serve' on a free port for the test).")
@click.option("--requests", "n_requests", type=click.IntRange(min=1), default=200, show_default=True, help="Number of requests.")
@click.option("--duration", type=click.FloatRange(min=0), default=20.0, show_default=True, help="Seconds to spread them over.")
@click.option("--concurrency", type=click.IntRange(min=1), default=4, show_default=True, help="Requests in flight at most.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Report file (default: dist/loadtest.md).")
@click.option("--pages", is_flag=True, help="Also fetch the portal's pages (an effort, a question, the effort list with a facet, a search) "
              "from the same server, in the same cycle.")
@click.pass_obj
def loadtest(obj: Context, endpoint: str | None, n_requests: int, duration: float, concurrency: int, out: Path | None, pages: bool) -> None:
    """Fire the query library (and with --pages the portal's pages) at a server and write latency percentiles to a Markdown report.

    Exits with status 1 if any request failed.
    """
    from npdw_graph.loadtest import page_requests, portal_root, prepare_requests, run_load, write_report
    from npdw_graph.querylib import load_library
    from npdw_graph.serve import start_server

    queries = prepare_requests(load_library(obj.project.queries_dir))
    running = None
    if endpoint is None:
        site_dir = obj.project.dist_dir / "site"
        running = start_server(_graph_file(obj), port=0, queries_dir=obj.project.queries_dir,
                               site_dir=site_dir if site_dir.is_dir() else None)
        endpoint = running.sparql_url
    try:
        report = run_load(endpoint, queries, requests=n_requests, duration=duration, concurrency=concurrency,
                          pages=page_requests(portal_root(endpoint)) if pages else None)
    finally:
        if running is not None:
            running.stop()
    target = out or obj.project.dist_dir / "loadtest.md"
    write_report(report, target)
    click.echo(f"{len(report.samples)} requests, {len(report.errors)} error(s); report written to {target}")
    if report.errors:
        sys.exit(1)


def register(group: click.Group) -> None:
    group.add_command(serve)
    group.add_command(publish)
    group.add_command(loadtest)
