"""``make bench``: measure build, validation, queries, the served endpoint, the network and the pages.

For the real programme and for synthetic NPLV-wide graphs of 10k, 100k and 1M triples (5M with
``--sizes 5m`` or ``--full``), every measured step runs in a fresh worker process (this script
with ``--worker``); the parent reads the worker's peak RSS from ``os.wait4``. Each step runs
``--runs`` times (default 5; fewer only for steps over a minute at 1M and more, and said so in the
output); the report gives the median with min-max, CPU seconds and peak memory, and ratios only
between figures of this same run. Results go to ``BENCHMARKS.md`` (written atomically); the raw
figures to ``WORK/results-<time>.json`` and, for BENCHMARKS.md, to ``bench/results.json``.

    .venv/bin/python bench/run.py                      # real + 10k, 100k, 1M
    .venv/bin/python bench/run.py --sizes 10k --runs 3 # quick look
    .venv/bin/python bench/run.py --full               # also 5M
    .venv/bin/python bench/run.py --render bench/results.json      # re-render BENCHMARKS.md only
    .venv/bin/python bench/run.py --render A.json B.json           # add a separate run's sizes (e.g. 5M)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(REPO))

import generate  # noqa: E402
import report  # noqa: E402

DEFAULT_SIZES = "10k,100k,1m"
FULL_SIZES = "10k,100k,1m,5m"
SLOW_RUN_SECONDS = 60.0
RAW = BENCH / "results.json"
STEP_KEYS = ("cli_build", "parse_merge", "rdflib_parse", "build_novalidate", "build_validate", "validate_fast", "validate_plain",
             "queries_oxigraph", "queries_rdflib", "served", "network", "site")


class Runner:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.work: Path = args.work
        self.work.mkdir(parents=True, exist_ok=True)
        self.log = self.work / "worker.log"
        self.loads: list[float] = []

    def want(self, key: str) -> bool:
        return not self.args.steps or key in self.args.steps

    def log_line(self, text: str) -> None:
        stamp = datetime.now().strftime("%H:%M:%S")
        print(f"[{stamp}] {text}", flush=True)

    # --- one worker process ------------------------------------------------------------------------

    def worker(self, step: str, opts: dict[str, Any], timeout: float) -> dict[str, Any]:
        result_file = self.work / f".result-{uuid.uuid4().hex}.json"
        cmd = [sys.executable, str(BENCH / "run.py"), "--worker", step, "--opts", json.dumps(opts), "--result", str(result_file)]
        load = os.getloadavg()[0]
        self.loads.append(load)
        start = time.perf_counter()
        with self.log.open("a", encoding="utf-8") as log:
            log.write(f"\n=== {datetime.now().isoformat(timespec='seconds')} {step} {json.dumps(opts)}\n")
            log.flush()
            proc = subprocess.Popen(cmd, stdout=log, stderr=log, start_new_session=True, cwd=str(REPO))
            timed_out = threading.Event()

            def kill() -> None:
                timed_out.set()
                try:
                    os.killpg(proc.pid, signal.SIGKILL)  # the worker's own process group (it and its oxigraph)
                except ProcessLookupError:
                    pass

            timer = threading.Timer(timeout, kill)
            timer.start()
            try:
                _, status, usage = os.wait4(proc.pid, 0)
            finally:
                timer.cancel()
            proc.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - start
        out: dict[str, Any] = {"process_seconds": elapsed, "rss_mb": usage.ru_maxrss / 1024, "load": load,
                               "process_cpu": usage.ru_utime + usage.ru_stime}
        if result_file.exists():
            out |= json.loads(result_file.read_text(encoding="utf-8"))
            result_file.unlink()
        if timed_out.is_set():
            running = out.get("detail", {}).get("running")
            out |= {"ok": False, "error": f"timeout after {timeout:.0f} s" + (f" (while running {running})" if running else "")}
        elif proc.returncode != 0 or "seconds" not in out:
            out |= {"ok": False, "error": out.get("error") or f"worker exit status {proc.returncode} (see {self.log})"}
        else:
            out["ok"] = True
        return out

    def measure(self, what: str, step: str, opts: dict[str, Any], runs: int, big: bool, timeout: float = 7200) -> dict[str, Any]:
        """``runs`` fresh workers; at the big sizes a step whose first run exceeds a minute runs fewer times."""
        results: list[dict[str, Any]] = []
        planned = runs
        for i in range(runs):
            r = self.worker(step, opts, timeout)
            results.append(r)
            shown = f"{r['seconds']:.2f} s, {r['rss_mb']:.0f} MB" if r.get("ok") else r.get("error")
            self.log_line(f"  {what} run {i + 1}/{planned}: {shown}")
            if not r.get("ok"):
                break
            if i == 0 and big and r["seconds"] > SLOW_RUN_SECONDS:
                planned = self.args.runs_big_slow
            if i + 1 >= planned:
                break
        return {"runs": results, "planned": runs, "reduced_to": planned if planned < runs else None}

    # --- per size --------------------------------------------------------------------------------------

    def size(self, name: str) -> dict[str, Any]:
        a = self.args
        real = name == "real"
        out: dict[str, Any] = {"name": name}
        if real:
            root = REPO
            target = 0
        else:
            target = generate.parse_size(name)
            root = self.work / f"graph-{name}-seed{a.seed}"
            self.log_line(f"{name}: generating")
            g = generate.generate(root, target, a.seed)
            out["generated"] = {"target": target, "triples": g.triples, "areas": g.plan.areas, "efforts": g.efforts,
                                "observations": g.observations, "files": g.files, "seconds": g.seconds,
                                "indicators_per_area": g.plan.indicators_per_area, "buurten_per_wijk": g.plan.buurten_per_wijk}
        big = target >= 1_000_000
        runs = 1 if target >= 5_000_000 else a.runs
        out["settings"] = {k: getattr(a, k) for k in ("plain_shacl_max", "rdflib_parse_max", "rdflib_query_max", "served_max", "site_max",
                                                        "runs")} | {"steps": sorted(a.steps) if a.steps else None}
        scratch = self.work / f"scratch-{name}"
        dist = self.work / f"dist-{name}"
        base = {"project": str(root)}
        self.log_line(f"{name}: preparing dist (npdw build --no-validate into the work area)")
        prep = self.worker("build", base | {"out": str(dist), "validate": False, "keep": True}, 7200)
        out["prepare"] = prep
        if not prep.get("ok"):
            self.log_line(f"{name}: preparation failed: {prep.get('error')}")
            return out
        nt = str(dist / "graph.nt")
        with_nt = base | {"nt": nt}
        want = self.want

        if real and want("cli_build"):
            self.log_line("real: npdw build, cold process, with validation (CLI)")
            out["cli_build"] = self.cli_build(runs)
        if want("parse_merge"):
            self.log_line(f"{name}: parse + merge")
            out["parse_merge"] = self.measure("parse+merge", "parse_merge", base, runs, big)
        if target <= a.rdflib_parse_max and want("rdflib_parse"):
            out["rdflib_parse"] = self.measure("rdflib parse", "rdflib_parse", base, runs, big)
        if not real and want("build_novalidate"):
            out["build_novalidate"] = self.measure("build --no-validate", "build", base | {"out": str(scratch), "validate": False}, runs, big)
        if not real and want("build_validate"):
            out["build_validate"] = self.measure("build", "build", base | {"out": str(scratch), "validate": True}, runs, big)
        keys_fast, keys_plain = self.work / f"keys-{name}-fast.json", self.work / f"keys-{name}-plain.json"
        if want("validate_fast"):
            out["validate_fast"] = self.measure("validation fast path", "validate", base | {"mode": "fast", "keys": str(keys_fast)}, runs, big)
        if target <= a.plain_shacl_max and want("validate_plain"):
            out["validate_plain"] = self.measure("plain pySHACL", "validate", base | {"mode": "plain", "keys": str(keys_plain)}, runs, big,
                                                 timeout=a.plain_shacl_timeout)
            if keys_fast.exists() and keys_plain.exists():
                fast, plain = json.loads(keys_fast.read_text()), json.loads(keys_plain.read_text())
                out["reports_identical"] = {"identical": fast == plain, "results": len(fast),
                                            "only_fast": len({tuple(k) for k in fast} - {tuple(k) for k in plain}),
                                            "only_plain": len({tuple(k) for k in plain} - {tuple(k) for k in fast})}
        reps = a.query_reps if target < 5_000_000 else max(1, a.query_reps // 2)
        if want("queries_oxigraph"):
            self.log_line(f"{name}: named queries on pyoxigraph")
            out["queries_oxigraph"] = self.worker("queries", with_nt | {"engine": "oxigraph", "reps": reps}, 7200)
        if target <= a.rdflib_query_max and want("queries_rdflib"):
            self.log_line(f"{name}: named queries on rdflib")
            out["queries_rdflib"] = self.worker("queries", with_nt | {"engine": "rdflib", "reps": reps, "slow": 10.0}, a.rdflib_query_timeout)
        if target <= a.served_max and want("served"):
            self.log_line(f"{name}: served endpoint")
            out["served"] = self.worker("served", with_nt | {"reps": a.served_reps if target < 1_000_000 else reps}, 7200)
        if want("network"):
            self.log_line(f"{name}: network")
            out["network"] = self.measure("network", "network", with_nt | {"out": str(scratch / "netwerk")}, runs, big)
        if target <= a.site_max and want("site"):
            out["site"] = self.measure("site", "site", with_nt | {"out": str(scratch / "site")}, runs, big)
        for p in (scratch, dist):
            shutil.rmtree(p, ignore_errors=True)
        for p in (keys_fast, keys_plain):
            p.unlink(missing_ok=True)
        return out

    def cli_build(self, runs: int) -> dict[str, Any]:
        """``npdw build`` of the real programme as a user runs it: a new process each time, with validation."""
        npdw = Path(sys.executable).parent / "npdw"
        results = []
        for i in range(runs):
            out = self.work / "cli-build-dist"
            load = os.getloadavg()[0]
            self.loads.append(load)
            start = time.perf_counter()
            proc = subprocess.Popen([str(npdw), "--root", str(REPO), "build", "-q", "--out", str(out)],
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=str(self.work))
            text = proc.stdout.read().decode("utf-8", "replace") if proc.stdout else ""
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            elapsed = time.perf_counter() - start
            if proc.stdout:
                proc.stdout.close()
            ok = proc.returncode == 0
            r = {"ok": ok, "seconds": elapsed, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024,
                 "load": load, "detail": {"last_line": text.strip().splitlines()[-1] if text.strip() else ""}}
            if not ok:
                r["error"] = f"exit status {proc.returncode}: {r['detail']['last_line']}"
            results.append(r)
            self.log_line(f"  npdw build (CLI) run {i + 1}/{runs}: {elapsed:.2f} s" if ok else f"  npdw build failed: {r['error']}")
            shutil.rmtree(out, ignore_errors=True)
        return {"runs": results, "planned": runs, "reduced_to": None}


def machine() -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    versions = {}
    for pkg in ("rdflib", "pyshacl", "pyoxigraph", "oxigraph", "networkx", "pyvis", "SPARQLWrapper", "npdw-graph"):
        try:
            versions[pkg] = version(pkg)
        except PackageNotFoundError:
            versions[pkg] = "not installed"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO).stdout.strip()
    dirty = bool(subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True, cwd=REPO).stdout.strip())
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gib": ram, "python": platform.python_version(),
            "platform": platform.platform(), "versions": versions, "commit": commit + (" (with uncommitted changes)" if dirty else "")}


def write_outputs(results: dict[str, Any], out: Path) -> None:
    """The report (atomically, readable by all); for BENCHMARKS.md also the figures behind it (``--render bench/results.json``)."""
    from npdw_graph.atomic import atomic_write_text

    targets = [(out, report.render(results))]
    if out.resolve() == (REPO / "BENCHMARKS.md").resolve():
        targets.append((RAW, json.dumps(results, indent=1)))
    for path, text in targets:
        atomic_write_text(path, text)
        path.chmod(0o644)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, set | list | tuple):
        return sorted(str(v) for v in value)
    return value


def merge(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The first run plus the sizes of later runs; a size measured again is kept as its own row ("1m (separate run)"),
    so ratios stay within one size entry and so within one run."""
    first = runs[0]
    for other in runs[1:]:
        added = []
        for name, size in other["sizes"].items():
            key = name if name not in first["sizes"] else f"{name} (separate run)"
            first["sizes"][key] = size
            added.append(key)
        if added:
            first.setdefault("extra_runs", []).append({k: other.get(k) for k in ("started", "finished", "command", "loads")} | {"sizes": added})
    return first


def worker_main(step: str, opts_json: str, result: str) -> int:
    import steps

    opts = json.loads(opts_json) | {"_result": result}
    try:
        out = steps.STEPS[step](opts)
    except Exception as e:  # noqa: BLE001 - the parent reports the error in the output
        import traceback

        traceback.print_exc()
        out = {"error": f"{type(e).__name__}: {str(e).splitlines()[0][:300] if str(e) else ''}"}
        Path(result).write_text(json.dumps(out), encoding="utf-8")
        return 1
    import resource

    out["children_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    Path(result).write_text(json.dumps(out), encoding="utf-8")
    return 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description="Benchmark npdw-graph on the real programme and synthetic NPLV-wide graphs.")
    ap.add_argument("--sizes", default=None, help=f"comma-separated sizes (default {DEFAULT_SIZES}; 5m is opt-in)")
    ap.add_argument("--full", action="store_true", help=f"all sizes: {FULL_SIZES}")
    ap.add_argument("--no-real", action="store_true", help="skip the real programme")
    ap.add_argument("--runs", type=int, default=5, help="fresh-process runs per step (default 5)")
    ap.add_argument("--runs-big-slow", type=int, default=3, help="runs at >= 1M for a step whose first run exceeds a minute")
    ap.add_argument("--query-reps", type=int, default=5, help="timed repetitions per named query (after one warm-up)")
    ap.add_argument("--served-reps", type=int, default=20, help="requests per named query on the served endpoint")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", type=Path, default=Path("/tmp/npdw-bench"), help="work folder for generated graphs and raw results")
    ap.add_argument("--out", type=Path, default=REPO / "BENCHMARKS.md")
    ap.add_argument("--plain-shacl-max", type=generate.parse_size, default=100_000, help="largest size for plain pySHACL")
    ap.add_argument("--rdflib-parse-max", type=generate.parse_size, default=1_000_000, help="largest size for the rdflib parse baseline")
    ap.add_argument("--rdflib-query-max", type=generate.parse_size, default=100_000, help="largest size for queries on rdflib")
    ap.add_argument("--rdflib-query-timeout", type=float, default=3600, help="seconds for the whole rdflib query library per size")
    ap.add_argument("--served-max", type=generate.parse_size, default=1_000_000, help="largest size for the served endpoint")
    ap.add_argument("--steps", type=lambda s: set(s.split(",")), default=None,
                    help="only these measurements (comma-separated): " + ", ".join(STEP_KEYS))
    ap.add_argument("--plain-shacl-timeout", type=float, default=7200, help="seconds per plain pySHACL run")
    ap.add_argument("--site-max", type=generate.parse_size, default=1_000_000, help="largest size for the static site")
    ap.add_argument("--render", type=Path, nargs="+", help="only re-render BENCHMARKS.md from results JSON files "
                    "(sizes of later files are added, e.g. a separate 5M run; each keeps its own date and command)")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--opts", help=argparse.SUPPRESS)
    ap.add_argument("--result", help=argparse.SUPPRESS)
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        return worker_main(args.worker, args.opts, args.result)
    if args.render:
        results = merge([json.loads(p.read_text(encoding="utf-8")) for p in args.render])
        write_outputs(results, args.out)
        print(f"wrote {args.out}")
        return 0
    sizes = (FULL_SIZES if args.full else args.sizes or DEFAULT_SIZES).lower().split(",")
    command = "bench/run.py" + (" " + " ".join(sys.argv[1:]) if len(sys.argv) > 1 else "")
    runner = Runner(args)
    results: dict[str, Any] = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": f".venv/bin/python {command}",
        "machine": machine(),
        "settings": {k: _jsonable(v) for k, v in vars(args).items() if k not in ("worker", "opts", "result")},
        "sizes": {},
    }
    results["noop"] = runner.worker("noop", {}, 600)
    raw = args.work / f"results-{datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    for name in ([] if args.no_real else ["real"]) + [s.strip() for s in sizes if s.strip()]:
        results["sizes"][name] = runner.size(name)
        results["loads"] = runner.loads
        raw.write_text(json.dumps(results, indent=1), encoding="utf-8")  # after each size, so a long run can be inspected
    results["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    results["loads"] = runner.loads
    raw.write_text(json.dumps(results, indent=1), encoding="utf-8")
    write_outputs(results, args.out)
    print(f"wrote {args.out} (raw figures: {raw})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
