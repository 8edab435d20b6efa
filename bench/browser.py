"""``make bench`` (second part): the interactive network page in headless Chromium (issue 17, "Scale").

A network of at least 5,000 nodes from the benchmark generator (``bench/generate.py`` with more areas than
``Plan.for_target`` gives, the same efforts, partners and schemes per area), and the real programme beside it,
each rendered as ``npdw network`` renders its pages (``network_view.render_html``: one file, scripts inlined)
and opened ``--runs`` times in a fresh load of the page. Per load it records

- **time to stable**: from the navigation start to the end of the physics (vis-network's
  ``stabilizationIterationsDone``, after which the page switches the physics off), from the page's own
  ``npdwNetwerk.timing`` (``performance.now()``);
- **physics off**: that the physics is disabled afterwards and that no node moves in the next second;
- **focus**: ``npdwNetwerk.focus(i, 1)`` on five efforts spread over the network: the handler itself, then
  until the next frame is drawn (two ``requestAnimationFrame``), then until the fit animation is over;
- **filter**: the pillar filter changed to each pillar in turn (a ``change`` event), measured the same way;
- **search**: ``npdwNetwerk.matches`` for a few queries.

The figures are medians over all loads and samples, with min-max; they go to ``bench/browser-results.json``
and into BENCHMARKS.md (section 9, rendered by ``bench/report.py``, written between its markers).

    .venv/bin/python bench/browser.py                   # 5 loads each
    .venv/bin/python bench/browser.py --runs 3 --areas 24
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(REPO))

import generate  # noqa: E402
import report  # noqa: E402

RAW = BENCH / "browser-results.json"
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync", "--disable-extensions", "--window-size=1400,900"]
MIN_NODES = 5000
LOAD_CEILING = 600  # seconds a page may take to settle before the run counts as failed (a ceiling, not a target)
SEARCHES = ["energie", "wijkconcierge", "gemeente", "od-wonen-03", "taal"]


def median_range(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)} if values else {}


def network_page(project_root: Path, out: Path, title: str) -> dict[str, Any]:
    """The network of the project at ``project_root`` as one self-contained page (untimed setup)."""
    from npdw_graph.build import compile_project
    from npdw_graph.network import build_network
    from npdw_graph.network_view import node_extras, render_html
    from npdw_graph.project import Project
    from npdw_graph.queryengine import OxigraphEngine

    project = Project(project_root)
    start = time.perf_counter()
    engine = OxigraphEngine(compile_project(project, validate=False).store)
    g = build_network(engine, project.queries_dir)
    html = render_html(g, title, extras=node_extras(engine, project.queries_dir))
    out.write_text(html, encoding="utf-8")
    return {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "page_bytes": len(html.encode("utf-8")),
            "setup_seconds": time.perf_counter() - start}


def synthetic_project(work: Path, areas: int) -> Path:
    """A generated programme with ``areas`` areas of 100 efforts each (observations kept small: they are not in the network)."""
    plan = generate.Plan(target=areas * 30_000, areas=areas, efforts_per_area=100, indicators_per_area=20, buurten_per_wijk=3)
    return generate.generate(work / "graph", plan.target, seed=1, plan=plan).out_dir


def driver(profile: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    d = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    d.command_executor.client_config.timeout = LOAD_CEILING  # one command (a focus on a big network) may take long
    return d


FRAME = """var done = arguments[arguments.length - 1], what = arguments[0], arg = arguments[1];
var t0 = performance.now();
if (what === 'focus') { npdwNetwerk.focus(arg, 1); }
else if (what === 'leave') { npdwNetwerk.leaveFocus(); }
else { var s = document.getElementById('filter-pijler'); s.value = arg; s.dispatchEvent(new Event('change')); }
var t1 = performance.now();
requestAnimationFrame(function () { requestAnimationFrame(function () {
  var t2 = performance.now();
  (function wait() { if (npdwNetwerk.settled()) { done([t1 - t0, t2 - t0, performance.now() - t0, npdwNetwerk.visibleNodeCount()]); }
                     else { setTimeout(wait, 5); } })();
}); });"""


SEARCH = "var t0 = performance.now(); var m = npdwNetwerk.matches(arguments[0]); return [performance.now() - t0, m.length];"


def measure_load(d, url: str) -> dict[str, Any]:
    from selenium.webdriver.support.ui import WebDriverWait

    d.get("about:blank")
    d.get(url)
    WebDriverWait(d, LOAD_CEILING, poll_frequency=0.05).until(lambda x: x.execute_script("return !!(window.npdwNetwerk && npdwNetwerk.settled())"))
    t = d.execute_script("return npdwNetwerk.timing")
    before = d.execute_script("return npdwNetwerk.network.getPositions()")
    time.sleep(1.0)
    after = d.execute_script("return npdwNetwerk.network.getPositions()")
    moved = max((abs(before[k]["x"] - after[k]["x"]) + abs(before[k]["y"] - after[k]["y"]) for k in before), default=0.0)
    physics = d.execute_script("return npdwNetwerk.network.physics.options.enabled")
    n = d.execute_script("return npdwNetwerk.nodes.length")
    efforts = d.execute_script("return npdwNetwerk.data.knopen.map(function (k, i) { return k.t === 'inspanning' ? i : -1; })"
                               ".filter(function (i) { return i >= 0; })")
    picks = [efforts[round(k * (len(efforts) - 1) / 4)] for k in range(5)] if efforts else []
    d.set_script_timeout(LOAD_CEILING)
    focus, filters, search = [], [], []
    for i in picks:
        focus.append(d.execute_async_script(FRAME, "focus", i))
        d.execute_async_script(FRAME, "leave", 0)
    pillars = d.execute_script("return npdwNetwerk.data.pijlers.length")
    for k in range(pillars):
        filters.append(d.execute_async_script(FRAME, "filter", str(k)))
    d.execute_async_script(FRAME, "filter", "")
    for q in SEARCHES:
        search.append(d.execute_script(SEARCH, q))
    return {"nodes": n, "script_start_ms": t["start"], "network_created_ms": t["afterNetwork"], "stable_ms": t["stable"],
            "physics_enabled_after": physics, "max_move_after_stable": moved, "focus": focus, "filter": filters, "search": search}


def summarise(loads: list[dict[str, Any]]) -> dict[str, Any]:
    def col(key: str, j: int) -> list[float]:
        return [x[j] for load in loads for x in load[key]]

    return {
        "runs": len(loads),
        "stable_ms": median_range([x["stable_ms"] for x in loads]),
        "network_created_ms": median_range([x["network_created_ms"] for x in loads]),
        "physics_off": all(x["physics_enabled_after"] is False for x in loads),
        "max_move_after_stable": max(x["max_move_after_stable"] for x in loads),
        "focus_handler_ms": median_range(col("focus", 0)), "focus_frame_ms": median_range(col("focus", 1)),
        "focus_settled_ms": median_range(col("focus", 2)), "focus_nodes": median_range(col("focus", 3)),
        "filter_handler_ms": median_range(col("filter", 0)), "filter_frame_ms": median_range(col("filter", 1)),
        "filter_settled_ms": median_range(col("filter", 2)),
        "search_ms": median_range([x[0] for load in loads for x in load["search"]]),
    }


def chromium_version() -> str:
    try:
        return subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="The network page in headless Chromium: time to stable, focus and filter latency.")
    ap.add_argument("--runs", type=int, default=5, help="page loads per network (default 5)")
    ap.add_argument("--areas", type=int, default=24, help="areas of the synthetic programme (24 gives about 5,300 nodes)")
    ap.add_argument("--work", type=Path, default=None, help="scratch folder (default: a new temporary folder, removed afterwards)")
    ap.add_argument("--no-render", action="store_true", help="do not re-render BENCHMARKS.md")
    args = ap.parse_args(argv)
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        print("Error: headless Chromium is needed (make browser-deps installs chromium and chromium-driver)", file=sys.stderr)
        return 2
    work = args.work or Path(tempfile.mkdtemp(prefix="npdw-bench-browser-"))
    work.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    results: dict[str, Any] = {"started": started, "runs": args.runs, "chromium": chromium_version(),
                               "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
                               "searches": SEARCHES, "command": " ".join(["bench/browser.py", *(argv if argv is not None else sys.argv[1:])]),
                               "load": [], "networks": {}}
    try:
        pages = {"real": network_page(REPO, work / "real.html", "Volledig netwerk")}
        print(f"real programme: {pages['real']['nodes']} nodes, {pages['real']['edges']} edges", flush=True)
        root = synthetic_project(work, args.areas)
        pages["synthetic"] = network_page(root, work / "synthetic.html", "Synthetisch netwerk")
        pages["synthetic"]["areas"] = args.areas
        print(f"synthetic ({args.areas} areas): {pages['synthetic']['nodes']} nodes, {pages['synthetic']['edges']} edges", flush=True)
        if pages["synthetic"]["nodes"] < MIN_NODES:
            print(f"Error: {pages['synthetic']['nodes']} nodes is fewer than {MIN_NODES}; ask for more --areas", file=sys.stderr)
            return 2
        d = driver(work / "profile")
        try:
            for name, info in pages.items():
                loads = []
                for run in range(args.runs):
                    results["load"].append(os.getloadavg()[0])
                    loads.append(measure_load(d, (work / f"{name}.html").resolve().as_uri()))
                    print(f"  {name} run {run + 1}/{args.runs}: stable after {loads[-1]['stable_ms'] / 1000:.2f} s", flush=True)
                results["networks"][name] = info | summarise(loads) | {"raw": loads}
        finally:
            d.quit()
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    results["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        results["commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    except OSError:
        results["commit"] = ""
    from npdw_graph.atomic import atomic_write_text

    atomic_write_text(RAW, json.dumps(results, indent=1) + "\n")
    print(f"Wrote {RAW}")
    if not args.no_render:
        write_section(REPO / "BENCHMARKS.md", "\n".join(report.browser_section()).strip("\n") + "\n")
        print(f"Wrote section 9 of {REPO / 'BENCHMARKS.md'}")
    return 0


def write_section(out: Path, section: str) -> None:
    """Section 9 between its markers (the rest of BENCHMARKS.md, from bench/run.py and bench/speed.py, untouched)."""
    from npdw_graph.atomic import atomic_write_text

    text = out.read_text(encoding="utf-8") if out.exists() else ""
    if report.BROWSER_BEGIN in text and report.BROWSER_END in text:
        head, rest = text.split(report.BROWSER_BEGIN, 1)
        text = head + section.rstrip("\n") + rest.split(report.BROWSER_END, 1)[1]
    else:
        marker = "\n## Where the time goes"
        text = text.replace(marker, "\n" + section + marker, 1) if marker in text else text.rstrip("\n") + "\n\n" + section
    atomic_write_text(out, text)


if __name__ == "__main__":
    sys.exit(main())
