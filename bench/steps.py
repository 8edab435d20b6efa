"""The measured steps. Each runs in a fresh worker process (``run.py --worker STEP``).

A step gets the project folder, the built N-Triples file and its options; it does its untimed
setup (imports, loading the graph it needs), then times the measured part with
``time.perf_counter`` (wall) and ``time.process_time`` (CPU of the whole process, all
threads), and returns a JSON-able dict. Peak memory is read by the parent (``os.wait4``).
"""

from __future__ import annotations

import hashlib
import inspect
import json
import re
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

Detail = dict[str, Any]


def timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    w, c = time.perf_counter(), time.process_time()
    value = fn()
    return time.perf_counter() - w, time.process_time() - c, value


def _project(root: str):
    from npdw_graph.project import Project

    return Project(Path(root))


# --- parse, merge, build -------------------------------------------------------------------------------

def step_noop(opts: Detail) -> Detail:
    """Imports only: the memory floor of a worker (interpreter + libraries)."""
    import networkx  # noqa: F401
    import pyoxigraph  # noqa: F401
    import pyshacl  # noqa: F401
    import rdflib  # noqa: F401

    import npdw_graph.build  # noqa: F401
    import npdw_graph.validate  # noqa: F401

    return {"seconds": 0.0, "cpu": 0.0}


def step_parse_merge(opts: Detail) -> Detail:
    """``compile_project(validate=False)``: parse every file once into pyoxigraph, check terms, materialise."""
    from npdw_graph.build import compile_project

    project = _project(opts["project"])
    wall, cpu, c = timed(lambda: compile_project(project, validate=False))
    return {"seconds": wall, "cpu": cpu, "detail": {"triples": len(c.store), "store_quads": len(c.sources.store),
                                                    "files": len(c.sources.files)}}


def step_rdflib_parse(opts: Detail) -> Detail:
    """The baseline: plain rdflib ``Graph.parse`` (default in-memory store) of the same files."""
    from rdflib import Graph

    project = _project(opts["project"])

    def parse() -> tuple[Graph, Graph]:
        merged, shapes = Graph(), Graph()
        for path in project.ontology_files() + project.data_files():
            merged.parse(path, format="turtle")
        for path in project.shape_files():
            shapes.parse(path, format="turtle")
        return merged, shapes

    wall, cpu, (merged, _) = timed(parse)
    return {"seconds": wall, "cpu": cpu, "detail": {"triples": len(merged)}}


def step_build(opts: Detail) -> Detail:
    """``npdw build`` in-process (writes a dist folder in the work area), with or without validation."""
    from npdw_graph.build import build

    project = _project(opts["project"])
    out = Path(opts["out"])
    try:
        wall, cpu, result = timed(lambda: build(project, out_dir=out, validate=bool(opts["validate"])))
    finally:
        if not opts.get("keep"):
            shutil.rmtree(out, ignore_errors=True)
    report = result.report
    detail = {"triples": result.stats.triples, "written": result.written}
    if report is not None:
        detail |= {"violations": report.violations, "warnings": report.warnings}
    return {"seconds": wall, "cpu": cpu, "detail": detail}


# --- validation ------------------------------------------------------------------------------------------

_TRAILING_ZEROS = re.compile(r"\b(\d+)\.0+\b")


def _report_keys(report_graph, data, compiled) -> list[list[str]]:
    """The comparable content of a report (as tests/test_validate.py compares it)."""
    from npdw_graph.validate import report_from_graph

    results = report_from_graph(report_graph, data, compiled.sources.shapes, compiled.sources.origin)
    keys = {(r.severity, r.shape, r.component, r.focus, r.label, r.path, _TRAILING_ZEROS.sub(r"\1", r.value),
             _TRAILING_ZEROS.sub(r"\1", r.message)) for r in results}
    return sorted(list(k) for k in keys)


def step_validate(opts: Detail) -> Detail:
    """SHACL validation of an already compiled project: the fast path (``run_fast``) or plain pySHACL."""
    from npdw_graph.build import compile_project
    from npdw_graph.validate import run_fast, run_pyshacl

    compiled = compile_project(_project(opts["project"]), validate=False)
    store, shapes = compiled.store, compiled.sources.shapes
    if opts["mode"] == "fast":
        wall, cpu, report_graph = timed(lambda: run_fast(store, shapes))
        data = store
    else:
        g = compiled.graph  # the rdflib copy pySHACL needs, made before the clock starts
        wall, cpu, (_, report_graph) = timed(lambda: run_pyshacl(g, shapes, None))
        data = g
    keys = _report_keys(report_graph, data, compiled)
    if opts.get("keys"):
        Path(opts["keys"]).write_text(json.dumps(keys, ensure_ascii=False), encoding="utf-8")
    severities: dict[str, int] = {}
    for k in keys:
        severities[k[0]] = severities.get(k[0], 0) + 1
    digest = hashlib.sha1(json.dumps(keys, ensure_ascii=False).encode()).hexdigest()[:12]
    return {"seconds": wall, "cpu": cpu, "detail": {"results": len(keys), "severities": severities, "digest": digest,
                                                    "triples": len(store)}}


# --- named queries ---------------------------------------------------------------------------------------

_GROUP_CONCAT = re.compile(r"GROUP_CONCAT\s*\((?P<args>(?:[^()]|\([^()]*\))*)\)\s*AS\s*\?(?P<var>\w+)", re.IGNORECASE)
_SEPARATOR = re.compile(r"separator\s*=\s*(['\"])(?P<sep>.*?)\1", re.IGNORECASE)


def _canonical_digest(result, query: str) -> str:
    """The rows as an order-independent digest: numbers canonical, GROUP_CONCAT cells as sorted parts
    (engines order the parts differently), as the engine-equality tests compare them."""
    from npdw_graph.query import canonical_text

    concat = {}
    for m in _GROUP_CONCAT.finditer(query):
        sep = _SEPARATOR.search(m.group("args"))
        concat[m.group("var")] = sep.group("sep") if sep else " "
    seps = [concat.get(v) for v in result.variables]

    def cell(term, sep: str | None) -> str:
        if sep is not None:
            return sep.join(sorted(p for p in ("" if term is None else str(term)).split(sep) if p))
        return "" if term is None else canonical_text(term)

    rows = sorted("\t".join(cell(t, s) for t, s in zip(row, seps, strict=True)) for row in result.rows)
    return hashlib.sha1("\n".join(rows).encode()).hexdigest()[:12]


def load_engine(kind: str, nt: str):
    if kind == "oxigraph":
        import pyoxigraph as ox

        from npdw_graph.queryengine import OxigraphEngine

        store = ox.Store()
        store.bulk_load(path=nt, format=ox.RdfFormat.N_TRIPLES)
        return OxigraphEngine(store)
    from npdw_graph.load import new_graph
    from npdw_graph.queryengine import RdflibEngine

    g = new_graph()
    g.parse(nt, format="nt")
    return RdflibEngine(g)


def step_queries(opts: Detail) -> Detail:
    """Every named query with its default parameters: one warm-up, then ``reps`` timed runs each."""
    from npdw_graph.querylib import load_library

    project = _project(opts["project"])
    load_s, _, engine = timed(lambda: load_engine(opts["engine"], opts["nt"]))
    library = load_library(project.queries_dir)
    reps, slow = int(opts["reps"]), float(opts.get("slow", 30.0))
    out: dict[str, Detail] = {}
    partial = Path(opts["_result"]) if opts.get("_result") else None
    for name, q in library.items():
        if partial is not None:  # so that a worker killed by the time limit still reports the queries it finished
            partial.write_text(json.dumps({"detail": {"load_seconds": load_s, "queries": out, "running": name}}), encoding="utf-8")
        bindings = q.bindings({})
        try:
            first, _, result = timed(lambda q=q, b=bindings: engine.select(q.text, b))
        except Exception as e:  # noqa: BLE001 - report any engine error as a row
            out[name] = {"error": f"{type(e).__name__}: {str(e).splitlines()[0][:200] if str(e) else ''}"}
            continue
        times = [first] if first > slow else []
        for _ in range(0 if first > slow else reps):
            t, _, _ = timed(lambda q=q, b=bindings: engine.select(q.text, b))
            times.append(t)
        out[name] = {"times": times, "warmup": first, "rows": len(result.rows), "digest": _canonical_digest(result, q.text),
                     "only_one_run": first > slow}
    return {"seconds": sum(_median(d["times"]) for d in out.values() if "times" in d), "cpu": 0.0,
            "detail": {"load_seconds": load_s, "queries": out}}


def _median(values: list[float]) -> float:
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def _post(url: str, text: str, timeout: float) -> tuple[float, int, int]:
    body = urllib.parse.urlencode({"query": text}).encode()
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read()
            status = response.status
    except urllib.error.HTTPError as e:
        e.read()
        return time.perf_counter() - start, e.code, 0
    elapsed = time.perf_counter() - start
    rows = len(json.loads(data).get("results", {}).get("bindings", []))
    return elapsed, status, rows


def step_served(opts: Detail) -> Detail:
    """The served endpoint: ``serve.start_server`` in-process (front + Oxigraph), sequential requests per named query."""
    from npdw_graph.querylib import load_library
    from npdw_graph.remote import prepare_query

    project = _project(opts["project"])
    nt = Path(opts["nt"])
    reps, timeout = int(opts["reps"]), float(opts.get("timeout", 300.0))
    started, _, (front_url, direct_url, stop, how) = timed(lambda: _start_endpoint(nt, timeout))
    out: dict[str, Detail] = {}
    try:
        for name, q in load_library(project.queries_dir).items():
            text = prepare_query(q.text, q.bindings({}))
            entry: Detail = {}
            for label, url in (("front", front_url), ("direct", direct_url)):
                if url is None:
                    continue
                first, status, rows = _post(url, text, timeout)
                times = []
                if status == 200:
                    for _ in range(reps if first < 10 else 1):
                        t, status, rows = _post(url, text, timeout)
                        times.append(t)
                entry[label] = {"times": times, "status": status, "rows": rows, "warmup": first}
            out[name] = entry
    finally:
        stop()
    return {"seconds": started, "cpu": 0.0, "detail": {"start_seconds": started, "how": how, "queries": out}}


def _start_endpoint(nt: Path, timeout: float):
    """``npdw_graph.serve.start_server`` when it exists; else ``oxigraph serve-read-only`` started here."""
    try:
        from npdw_graph.serve import start_server
    except ImportError:
        start_server = None
    if start_server is not None:
        running = start_server(nt, port=0, timeout=timeout, max_rows=10**9)
        return running.sparql_url, running.oxigraph.url + "/query", running.stop, "npdw_graph.serve.start_server (front + Oxigraph)"
    import socket
    import subprocess
    import sys
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="npdw-bench-ox-"))
    binary = str(Path(sys.executable).parent / "oxigraph")
    subprocess.run([binary, "load", "--location", str(tmp), "--file", str(nt)], check=True, capture_output=True)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([binary, "serve-read-only", "--location", str(tmp), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    for _ in range(200):
        try:
            _post(url, "ASK {}", 1.0)
            break
        except OSError:
            time.sleep(0.05)

    def stop() -> None:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)

    return None, url, stop, "oxigraph serve-read-only started by the benchmark (serve.py has no start function)"


# --- network and pages -------------------------------------------------------------------------------------

def step_network(opts: Detail) -> Detail:
    """``npdw network``: the network built from SPARQL on pyoxigraph, its analyses and its HTML pages."""
    import npdw_graph.network as network

    project = _project(opts["project"])
    engine = load_engine("oxigraph", opts["nt"])
    out = Path(opts["out"])
    detail: Detail = {}
    try:
        try:
            import npdw_graph.network_view  # noqa: F401

            has_html = True
        except ImportError as e:
            has_html = False
            detail["todo"] = f"HTML not measured: {e}"
        if has_html:
            params = inspect.signature(network.generate).parameters
            kwargs = {"dist_dir": out.parent, "out_dir": out} if "dist_dir" in params else {"out_dir": out}
            if "lock_dir" in params:
                kwargs["lock_dir"] = out.parent
            wall, cpu, result = timed(lambda: network.generate(engine, project.queries_dir, **kwargs))
            detail |= {"nodes": result.nodes, "edges": result.edges, "files": len(result.files), "parts": result.timings,
                       "html": True}
        else:
            from npdw_graph.network_analysis import analyse

            def build_and_analyse():
                g = network.build_network(engine, project.queries_dir)
                return g, analyse(g)

            wall, cpu, (g, _) = timed(build_and_analyse)
            detail |= {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "html": False}
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return {"seconds": wall, "cpu": cpu, "detail": detail}


def step_site(opts: Detail) -> Detail:
    """The static site: ``site.build_site`` with the built graph (loaded first, untimed), pages written to a scratch folder."""
    project = _project(opts["project"])
    out = Path(opts["out"])
    try:
        from npdw_graph.site import build_site
    except ImportError as e:
        return {"seconds": 0.0, "cpu": 0.0, "detail": {"todo": f"no site builder yet ({e})"}}
    from npdw_graph.load import new_graph

    graph = new_graph()
    graph.parse(opts["nt"], format="nt")
    try:
        wall, cpu, result = timed(lambda: build_site(project, out, graph=graph))
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return {"seconds": wall, "cpu": cpu, "detail": {"function": "npdw_graph.site.build_site", "pages": result.pages,
                                                    "resources": result.resources}}


STEPS: dict[str, Callable[[Detail], Detail]] = {
    "noop": step_noop,
    "parse_merge": step_parse_merge,
    "rdflib_parse": step_rdflib_parse,
    "build": step_build,
    "validate": step_validate,
    "queries": step_queries,
    "served": step_served,
    "network": step_network,
    "site": step_site,
}
