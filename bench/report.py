"""Render the raw benchmark figures (``run.py``'s results JSON) as ``BENCHMARKS.md``."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
NOTES = BENCH / "NOTES.md"
BROWSER = BENCH / "browser-results.json"  # written by bench/browser.py (the network page in headless Chromium)
BROWSER_BEGIN, BROWSER_END = "<!-- browser:begin (bench/browser.py) -->", "<!-- browser:end -->"

R = dict[str, Any]


# --- numbers -------------------------------------------------------------------------------------------

def median(values: list[float]) -> float:
    v = sorted(values)
    n = len(v)
    if not n:
        return math.nan
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    v = sorted(values)
    if not v:
        return math.nan
    return v[max(1, math.ceil(p / 100 * len(v))) - 1]


def secs(x: float | None) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if x < 0.1:
        return f"{x * 1000:.1f} ms"
    if x < 10:
        return f"{x:.2f} s"
    return f"{x:.1f} s"


def mb(x: float | None) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{x / 1024:.2f} GB" if x >= 1024 else f"{x:.0f} MB"


def ratio(a: float | None, b: float | None) -> str:
    if not a or not b or math.isnan(a) or math.isnan(b):
        return "–"
    r = a / b
    return f"{r:.1f}×" if r < 100 else f"{r:.0f}×"


class Summary:
    """Median and spread of a measured step (its ``runs`` from fresh workers)."""

    def __init__(self, m: R | None):
        self.m = m or {}
        runs = self.m.get("runs", [])
        self.ok = [r for r in runs if r.get("ok")]
        self.errors = [r.get("error", "?") for r in runs if not r.get("ok")]
        self.n = len(self.ok)
        self.seconds = median([r["seconds"] for r in self.ok])
        self.lo = min((r["seconds"] for r in self.ok), default=math.nan)
        self.hi = max((r["seconds"] for r in self.ok), default=math.nan)
        self.cpu = median([r.get("cpu", math.nan) for r in self.ok])
        self.rss = median([r["rss_mb"] for r in self.ok])
        self.detail = self.ok[0].get("detail", {}) if self.ok else {}

    @property
    def valid(self) -> bool:
        return self.n > 0

    def cell(self, spread: bool = True) -> str:
        if not self.valid:
            return f"failed: {self.errors[0]}" if self.errors else "–"
        text = secs(self.seconds)
        if spread and self.n > 1:
            text += f" [{secs(self.lo)}–{secs(self.hi)}]"
        reduced = self.m.get("reduced_to")
        return text + f" (n={self.n}{', reduced' if reduced else ''})"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return out + [""]


def label(name: str, size: R) -> str:
    if name == "real":
        return "real programme"
    gen = size.get("generated", {})
    base = name.split(" ", 1)[0]
    extra = ", separate run" if " " in name else ""
    count = f"{gen.get('triples', 0):,}".replace(",", ".")
    return f"{base.upper() if base.endswith('m') else base} ({count} data triples{extra})"


def short(name: str) -> str:
    """``1m`` -> ``1M``, ``1m (separate run)`` -> ``1M (separate run)``, ``real`` -> ``real programme``."""
    if name == "real":
        return "real programme"
    base, _, rest = name.partition(" ")
    return (base.upper() if base.endswith("m") else base) + (f" {rest}" if rest else "")


def find(sizes: dict[str, R], target: int, *keys: str) -> R:
    """The size entry for ``target`` triples in which all ``keys`` were measured (the main run's first)."""
    for s in sizes.values():
        if s.get("generated", {}).get("target") == target and all(Summary(s.get(k)).valid or query_stats(s.get(k)) for k in keys):
            return s
    return {}


def built_triples(size: R) -> int | None:
    prep = size.get("prepare", {})
    return prep.get("detail", {}).get("triples") if prep.get("ok") else None


def query_stats(worker: R | None) -> dict[str, R]:
    """Per named query: median, min, max, n, rows, digest (or an error)."""
    if not worker or "queries" not in worker.get("detail", {}):
        return {}
    out = {}
    for name, d in worker["detail"]["queries"].items():
        if "error" in d:
            out[name] = {"error": d["error"]}
            continue
        t = d["times"]
        out[name] = {"median": median(t), "min": min(t), "max": max(t), "n": len(t), "rows": d["rows"], "digest": d["digest"],
                     "one": d.get("only_one_run", False)}
    return out


def served_stats(worker: R | None, which: str) -> dict[str, R]:
    if not worker or not worker.get("ok"):
        return {}
    out = {}
    for name, d in worker["detail"]["queries"].items():
        e = d.get(which)
        if not e:
            continue
        if e["status"] != 200 or not e["times"]:
            out[name] = {"error": f"HTTP {e['status']}"}
            continue
        out[name] = {"p50": percentile(e["times"], 50), "p95": percentile(e["times"], 95), "n": len(e["times"]), "rows": e["rows"]}
    return out


# --- the document ---------------------------------------------------------------------------------------

def render(results: R) -> str:
    sizes: dict[str, R] = results["sizes"]
    m = results["machine"]
    lines: list[str] = ["# Benchmarks", ""]
    lines += [
        "Performance of npdw-graph on the real programme and on synthetic NPLV-wide graphs (issue 8). "
        "Generated by `make bench`; do not edit by hand (explanations that are not figures live in `bench/NOTES.md`, "
        "which is copied in at the end).", "",
        f"- **Date:** {results['started']} – {results.get('finished', '(unfinished run)')} (UTC){duration(results)}",
        f"- **Command:** `{results['command']}`",
        f"- **Code:** commit {m.get('commit', '?')}",
        f"- **Machine:** {m['cpu']}, {m['cores']} cores, {m['ram_gib']:.1f} GiB RAM; {m['platform']}",
        f"- **Python** {m['python']}; " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()),
    ]
    for extra in results.get("extra_runs", []):
        el = extra.get("loads") or []
        lines.append(f"- **Separate run** for {', '.join(extra['sizes'])}: {extra['started']} – {extra.get('finished')} (UTC), "
                     f"`{extra['command']}`" + (f", load average median {median(el):.1f} (min {min(el):.1f}, max {max(el):.1f})" if el else "")
                     + ". Its figures are compared only with each other.")
    loads = results.get("loads") or []
    if loads:
        lines.append(f"- **Load average** (1 min) when the workers started: median {median(loads):.1f}, "
                     f"min {min(loads):.1f}, max {max(loads):.1f}. The machine is shared with other work, so wall-clock "
                     "figures carry that noise; the CPU seconds beside them are less affected.")
    lines += ["", "## How to read the figures", "",
              "- Every step runs in a **fresh worker process** (`bench/run.py --worker`); its untimed setup (imports, loading the "
              "graph a step needs) is excluded, the step itself is timed with `time.perf_counter` (wall) and `time.process_time` "
              "(CPU, all threads).",
              f"- A figure is the **median** of n runs with **[min–max]**; n = {results['settings']['runs']} unless stated. "
              f"At 1M and above a step whose first run took over a minute runs {results['settings']['runs_big_slow']} times "
              "(marked *reduced*); at 5M every step runs once.",
              "- **Peak memory** is the worker's peak resident set size (`ru_maxrss` from `os.wait4`, i.e. "
              "`getrusage` of that child). It includes the interpreter, the libraries and the step's setup; a worker that "
              f"only imports the libraries peaks at {mb(results.get('noop', {}).get('rss_mb'))}.",
              "- **Ratios** are between medians measured in this same run, on the same files.",
              "- Named queries: each with its default parameters, one warm-up run, then "
              f"{results['settings']['query_reps']} timed runs in one worker; the served endpoint: one warm-up request, then "
              f"{results['settings']['served_reps']} sequential requests per query (5 at 1M), p50/p95 nearest-rank.", ""]

    lines += targets(results)
    lines += generated_section(sizes)
    lines += parse_section(sizes)
    lines += build_section(sizes)
    lines += validation_section(sizes, results)
    lines += query_section(sizes)
    lines += served_section(sizes)
    lines += network_section(sizes)
    lines += site_section(sizes)
    lines += cli_section(sizes)
    lines += browser_section()
    lines += not_measured(sizes, results)
    if NOTES.exists():
        lines += ["", NOTES.read_text(encoding="utf-8").strip(), ""]
    return "\n".join(lines).rstrip() + "\n"


def duration(results: R) -> str:
    from datetime import datetime

    if not results.get("finished"):
        return ""
    minutes = (datetime.fromisoformat(results["finished"]) - datetime.fromisoformat(results["started"])).total_seconds() / 60
    return f", {minutes:.0f} minutes"


def targets(results: R) -> list[str]:
    sizes = results["sizes"]
    rows: list[list[str]] = []
    real = sizes.get("real", {})
    one = find(sizes, 1_000_000, "parse_merge") or sizes.get("1m", {})

    cli = Summary(real.get("cli_build"))
    rows.append(["`npdw build` of the real programme, cold process, with validation", "≤ 2 s",
                 cli.cell() if cli.valid else "not measured", verdict(cli.valid and cli.seconds <= 2.0, cli.valid)])

    pm, rp = Summary(one.get("parse_merge")), Summary(one.get("rdflib_parse"))
    if pm.valid:
        r = rp.seconds / pm.seconds if rp.valid else None
        text = f"{pm.cell()}; rdflib {rp.cell() if rp.valid else 'not measured'}; " \
               f"speed-up {ratio(rp.seconds, pm.seconds) if rp.valid else '–'}; peak {mb(pm.rss)}"
        met = pm.seconds <= 8 and (r is not None and r >= 8) and pm.rss <= 1024
        parts = [("≤ 8 s", pm.seconds <= 8), ("≥ 8×", r is not None and r >= 8), ("≤ 1 GB", pm.rss <= 1024)]
        rows.append(["1M triples: parse + merge", "≤ 8 s, ≥ 8× faster than rdflib, ≤ 1 GB peak", text,
                     verdict(met, True) + " (" + ", ".join(f"{k} {'yes' if v else 'no'}" for k, v in parts) + ")"])
    else:
        rows.append(["1M triples: parse + merge", "≤ 8 s, ≥ 8× faster than rdflib, ≤ 1 GB peak", "not measured", "–"])

    both = find(sizes, 1_000_000, "validate_fast", "validate_plain")
    vf = Summary((both or one).get("validate_fast"))
    vp = Summary(both.get("validate_plain"))
    if vf.valid and vp.valid:
        ident = both.get("reports_identical", {}).get("identical")
        rows.append(["1M triples: full SHACL validation", "≥ 5× faster than plain pySHACL, identical report",
                     f"fast {vf.cell()}, plain {vp.cell()}: {ratio(vp.seconds, vf.seconds)}; identical: {ident}",
                     verdict(vp.seconds / vf.seconds >= 5 and bool(ident), True)])
    else:
        best = largest_with(sizes, "validate_plain")
        extra = ""
        if best:
            b = sizes[best]
            bf, bp = Summary(b.get("validate_fast")), Summary(b.get("validate_plain"))
            ident = b.get("reports_identical", {}).get("identical")
            extra = (f"; at {best}: fast {secs(bf.seconds)} vs plain {secs(bp.seconds)} = {ratio(bp.seconds, bf.seconds)}, "
                     f"identical report: {'yes' if ident else 'NO'}")
        rows.append(["1M triples: full SHACL validation", "≥ 5× faster than plain pySHACL, identical report",
                     f"fast path {vf.cell() if vf.valid else 'not measured'}; plain pySHACL not run at 1M (see below){extra}",
                     "not measurable at 1M; see the 100k ratio"])

    q = query_stats(find(sizes, 1_000_000, "queries_oxigraph").get("queries_oxigraph"))
    if q:
        total = sum(d["median"] for d in q.values() if "median" in d)
        errors = [n for n, d in q.items() if "error" in d]
        rows.append(["1M triples: the whole named-query library, embedded", "≤ 5 s in total",
                     f"{secs(total)} for {len(q) - len(errors)} queries (sum of medians, pyoxigraph)"
                     + (f"; {len(errors)} failed" if errors else ""), verdict(total <= 5 and not errors, True)])
    else:
        rows.append(["1M triples: the whole named-query library, embedded", "≤ 5 s in total", "not measured", "–"])

    s = served_stats(real.get("served"), "front")
    if s:
        p50s = {n: d["p50"] for n, d in s.items() if "p50" in d}
        over = sorted((n for n, v in p50s.items() if v > 0.020), key=lambda n: -p50s[n])
        worst = max(p50s, key=lambda n: p50s[n]) if p50s else None
        text = (f"p50 median {secs(median(list(p50s.values())))}, slowest {worst} {secs(p50s[worst])}; "
                f"{len(over)} of {len(p50s)} queries above 20 ms") if worst else "no answers"
        rows.append(["served endpoint, real programme: each named query", "p50 ≤ 20 ms", text, verdict(not over and bool(p50s), True)])
    else:
        rows.append(["served endpoint, real programme: each named query", "p50 ≤ 20 ms", "not measured", "–"])

    net_name = closest_network(sizes, 5000)
    if net_name:
        n = Summary(sizes[net_name].get("network"))
        d = n.detail
        html = d.get("html")
        text = f"{n.cell()} at {short(net_name)} ({d.get('nodes')} nodes, {d.get('edges')} edges)" + ("" if html else "; HTML not included: TODO")
        rows.append(["network of 5,000 nodes: build + analyses + HTML", "≤ 10 s", text,
                     verdict(n.seconds <= 10 and bool(html), True) if html else "TODO (HTML pages not available yet)"])
    else:
        rows.append(["network of 5,000 nodes: build + analyses + HTML", "≤ 10 s", "not measured", "–"])

    five = find(sizes, 5_000_000, "build_validate")
    if five:
        b, qq = Summary(five.get("build_validate")), query_stats(five.get("queries_oxigraph"))
        total = sum(d["median"] for d in qq.values() if "median" in d) if qq else None
        ok = b.valid and bool(qq)
        vf5 = Summary(five.get("validate_fast"))
        rows.append(["5M triples: build + validate + query library", "completes on 24 GB, figures reported",
                     f"build with validation {b.cell()}, peak {mb(b.rss)}; the validation step alone {secs(vf5.seconds)}; "
                     f"query library {secs(total)}", verdict(ok, True)])
    else:
        rows.append(["5M triples: build + validate + query library", "completes on 24 GB, figures reported",
                     "not run (use `--sizes 5m` or `--full`)", "–"])
    return ["## Targets (issue 8)", "", *table(["what", "target", "measured", "met?"], rows)]


def verdict(met: bool, measured: bool) -> str:
    if not measured:
        return "–"
    return "**yes**" if met else "**no**"


def largest_with(sizes: dict[str, R], key: str) -> str | None:
    best, best_n = None, -1
    for name, s in sizes.items():
        if name == "real" or not Summary(s.get(key)).valid:
            continue
        n = s.get("generated", {}).get("target", 0)
        if n > best_n:
            best, best_n = name, n
    return best


def closest_network(sizes: dict[str, R], nodes: int) -> str | None:
    """The size whose network is nearest ``nodes``; among those within 20 %, the one with the most runs."""
    ranked = []
    for name, s in sizes.items():
        n = Summary(s.get("network"))
        if n.valid and n.detail.get("nodes"):
            d = abs(n.detail["nodes"] - nodes)
            ranked.append((d > 0.2 * nodes, -n.n, d, name))
    return min(ranked)[3] if ranked else None


def generated_section(sizes: dict[str, R]) -> list[str]:
    rows = []
    for name, s in sizes.items():
        g = s.get("generated")
        if not g:
            continue
        rows.append([short(name), f"{g['triples']:,}", f"{built_triples(s) or 0:,}", g["areas"], g["efforts"], f"{g['observations']:,}",
                     g["files"], secs(g["seconds"])])
    if not rows:
        return []
    return ["## The synthetic graphs", "",
            "`bench/generate.py`: N programme areas (each a focus area with 4 wijken and their buurten), five pillars of sections, "
            "10 strategic and 43 operational goals per area, efforts with stated and inferred contributions, partnerships and "
            "pillar links, partners and national schemes shared across areas, a Rijk funding table per area whose rows add up, "
            "housing tables, indicators and Data Cube observations per neighbourhood and year (these fill up to the target). "
            "Seeded (`--seed`), byte-identical for the same seed; every size passes the shapes with 0 Violations "
            "(see the build table). *Built triples* include the ontology and the materialised shortcuts. From 100k on every "
            "area has 100 efforts (the real programme has 101) and at most 20 areas, so above 1M the graph grows in "
            "observations (more years, neighbourhoods and indicators), as twenty monitors over the years would.", "",
            *table(["size", "data triples", "built triples", "areas", "efforts", "observations", "files", "generation"],
                   [[str(c).replace(",", ".") for c in r] for r in rows])]


def parse_section(sizes: dict[str, R]) -> list[str]:
    rows = []
    for name, s in sizes.items():
        pm, rp, bn = Summary(s.get("parse_merge")), Summary(s.get("rdflib_parse")), Summary(s.get("build_novalidate"))
        if not pm.valid and not pm.errors:
            continue
        rows.append([label(name, s), f"{pm.detail.get('triples', '–'):,}".replace(",", ".") if pm.valid else "–", pm.cell(), secs(pm.cpu),
                     mb(pm.rss), rp.cell() if (rp.valid or rp.errors) else "not run", mb(rp.rss) if rp.valid else "–",
                     ratio(rp.seconds, pm.seconds) if rp.valid and pm.valid else "–", bn.cell() if (bn.valid or bn.errors) else "–"])
    return ["## 1. Parse + merge", "",
            "**npdw** = `compile_project(validate=False)`: every ontology, shapes and data file parsed once by pyoxigraph into "
            "a pyoxigraph store (ontology and shapes also into small rdflib graphs), unknown-term check, shortcuts materialised "
            "with SPARQL on the store; no rdflib copy of the data. **rdflib** = the baseline: "
            "plain `rdflib.Graph().parse()` (default in-memory store) of the same files (ontology + data into one graph, shapes "
            "into another). **build --no-validate** = the whole `npdw build --no-validate` in-process (also writes graph.nt, "
            "graph.ttl, stats).", "",
            *table(["size", "triples", "npdw parse + merge", "CPU", "peak RSS", "rdflib Graph.parse", "rdflib peak RSS",
                    "speed-up", "npdw build --no-validate"], rows)]


def build_section(sizes: dict[str, R]) -> list[str]:
    rows = []
    for name, s in sizes.items():
        b = Summary(s.get("build_validate"))
        if not b.valid and not b.errors:
            continue
        d = b.detail
        rows.append([label(name, s), b.cell(), secs(b.cpu), mb(b.rss), d.get("violations", "–"), d.get("warnings", "–")])
    return ["## 2. Build with validation", "",
            "`build(project, validate=True)` in-process: parse + merge, SHACL validation (fast path), stats, writing dist/. "
            "Violations must be 0 for every generated size (the generator passes the shapes); warnings are the "
            "\"incomplete but allowed\" kind that the real data has too.", "",
            *table(["size", "build with validation", "CPU", "peak RSS", "violations", "warnings"], rows)]


def validation_section(sizes: dict[str, R], results: R) -> list[str]:
    rows = []
    for name, s in sizes.items():
        vf, vp = Summary(s.get("validate_fast")), Summary(s.get("validate_plain"))
        if not vf.valid and not vf.errors:
            continue
        ident = s.get("reports_identical")
        if ident:
            same = ("**yes**" if ident["identical"] else f"**no** ({ident['only_fast']} only in fast, {ident['only_plain']} only in plain)")
            same += f", {ident['results']} results"
        else:
            same = "–"
        sev = vf.detail.get("severities", {})
        rows.append([label(name, s), vf.cell(), secs(vf.cpu), mb(vf.rss), vp.cell() if (vp.valid or vp.errors) else "not run",
                     mb(vp.rss) if vp.valid else "–", ratio(vp.seconds, vf.seconds) if vp.valid and vf.valid else "–", same,
                     ", ".join(f"{k} {v}" for k, v in sorted(sev.items()))])
    limit = results["settings"]["plain_shacl_max"]
    beyond = [n for n, s in sizes.items() if s.get("generated", {}).get("target", 0) > limit and Summary(s.get("validate_plain")).valid]
    once = f" Beyond that it ran once in a separate run ({', '.join(beyond)})." if beyond else ""
    return ["## 3. SHACL validation: fast path against plain pySHACL", "",
            "**fast path** = `validate.run_fast`: every core constraint compiled to one SPARQL query over the whole pyoxigraph "
            "store (`shacl_compiled.py`), each `sh:sparql` constraint once over the store; no rdflib copy of the data. "
            "**plain** = `validate.run_pyshacl`: pySHACL with every constraint "
            "(SPARQL constraints per focus node through rdflib). Both produce a SHACL report graph from an already compiled "
            "project (compiling is setup, not timed). *Identical* compares the two reports as `tests/test_validate.py` does "
            "(severity, shape, constraint component, focus, label, path, value, message).", "",
            f"Plain pySHACL runs up to {limit:,} data triples in the main run".replace(",", ".") + ": it grows faster than "
            "linearly (see the table) and at 1M takes tens of minutes per run." + once, "",
            *table(["size", "fast path", "CPU", "peak RSS", "plain pySHACL", "plain peak RSS", "speed-up", "identical report",
                    "results (fast)"], rows)]


def query_section(sizes: dict[str, R]) -> list[str]:
    stats = {name: (query_stats(s.get("queries_oxigraph")), query_stats(s.get("queries_rdflib"))) for name, s in sizes.items()}
    rows = []
    for name, (ox, rd) in stats.items():
        if not ox:
            continue
        s = sizes[name]
        tot_ox = sum(d["median"] for d in ox.values() if "median" in d)
        tot_rd = sum(d["median"] for d in rd.values() if "median" in d) if rd else None
        slowest = max((n for n in ox if "median" in ox[n]), key=lambda n: ox[n]["median"])
        same = "–"
        if rd:
            differ = [n for n in ox if "digest" in ox[n] and "digest" in rd.get(n, {}) and ox[n]["digest"] != rd[n]["digest"]]
            same = "**yes**, all queries" if not differ else f"**no**: {', '.join(differ)}"
        load_ox = s["queries_oxigraph"]["detail"]["load_seconds"]
        rd_worker = s.get("queries_rdflib") or {}
        rd_text = secs(tot_rd) if rd else "not run"
        if rd and not rd_worker.get("ok"):
            rd_text += f" (incomplete: {rd_worker.get('error')})"
        per_query = [rd[n]["median"] / ox[n]["median"] for n in rd if "median" in rd[n] and ox.get(n, {}).get("median")] if rd else []
        rows.append([label(name, s), secs(tot_ox), f"{slowest} {secs(ox[slowest]['median'])}", secs(load_ox),
                     rd_text, ratio(tot_rd, tot_ox) if rd and rd_worker.get("ok") else "–",
                     f"{median(per_query):.0f}× (min {min(per_query):.1f}×)" if per_query else "–", same])
    out = ["## 4. Named queries, embedded", "",
           "Every query in `queries/*.rq` with its default parameters through `OxigraphEngine.select` (pyoxigraph, the default) "
           "and `RdflibEngine.select` (plain rdflib), results converted to rdflib terms as `npdw query` does. The store is "
           "loaded from the built graph.nt first (*load*, not in the totals). *Same results* compares each query's rows "
           "(order-independent, numbers canonicalised, GROUP_CONCAT parts sorted). rdflib runs only up to 100k: at 1M its slowest "
           "queries take minutes; a query whose warm-up on rdflib took over 10 s is timed once (*1 run*).", "",
           *table(["size", "library total (pyoxigraph)", "slowest query", "load", "library total (rdflib)", "rdflib / pyoxigraph (totals)",
                   "rdflib / pyoxigraph (median per query)", "same results"], rows)]
    names = sorted({n for ox, _ in stats.values() for n in ox})
    if names:
        cols = [name for name, (ox, _) in stats.items() if ox]
        header = ["query"] + [f"{c} pyoxigraph" for c in cols]
        rd_cols = [name for name, (_, rd) in stats.items() if rd]
        header += [f"{c} rdflib (ratio)" for c in rd_cols]
        prow = []
        for q in names:
            row = [q]
            for c in cols:
                d = stats[c][0].get(q, {})
                row.append(d.get("error", "") and "error" or (f"{secs(d['median'])} ({d['rows']} rows)" if "median" in d else "–"))
            for c in rd_cols:
                d, o = stats[c][1].get(q, {}), stats[c][0].get(q, {})
                if "median" in d:
                    row.append(f"{secs(d['median'])} ({ratio(d['median'], o.get('median'))})" + (", 1 run" if d.get("one") else ""))
                else:
                    row.append(d.get("error", "–")[:60])
            prow.append(row)
        out += ["Per query (median):", "", *table(header, prow)]
    return out


def served_section(sizes: dict[str, R]) -> list[str]:
    rows = []
    per_query: dict[str, dict[str, R]] = {}
    for name, s in sizes.items():
        w = s.get("served")
        if not w:
            continue
        if not w.get("ok"):
            rows.append([label(name, s), f"failed: {w.get('error')}", "", "", "", "", ""])
            continue
        front, direct = served_stats(w, "front"), served_stats(w, "direct")
        per_query[name] = front
        p50 = [d["p50"] for d in front.values() if "p50" in d]
        p95 = [d["p95"] for d in front.values() if "p95" in d]
        dp50 = [d["p50"] for d in direct.values() if "p50" in d]
        errors = [n for n, d in front.items() if "error" in d]
        slowest = max((n for n in front if "p50" in front[n]), key=lambda n: front[n]["p50"], default=None)
        rows.append([label(name, s), secs(w["detail"]["start_seconds"]), secs(median(p50)),
                     f"{slowest} {secs(front[slowest]['p50'])}" if slowest else "–",
                     secs(max(p95)) if p95 else "–", sum(1 for v in p50 if v > 0.020), secs(median(dp50)) if dp50 else "–",
                     ", ".join(errors) or "none", mb(w.get("children_rss_mb"))])
    if not rows:
        return []
    how = next((s["served"]["detail"]["how"] for s in sizes.values() if s.get("served", {}).get("ok")), "")
    out = ["## 5. Served endpoint", "",
           f"Started with {how}, loaded with the built graph.nt; requests are SPARQL 1.1 Protocol POSTs (JSON results) of "
           "each named query with its default parameters, as `npdw query --endpoint` sends them (prefixes added, parameters "
           "bound), one after the other. *front* = through the npdw front (`/sparql`: limits, proxy); *direct* = Oxigraph's own "
           "`/query`. The benchmark raises the front's row limit so large answers are timed instead of refused (the default "
           "limit is 10,000 rows). *start-up* includes Oxigraph's bulk load and the front's own rdflib copy of the graph.", "",
           *table(["size", "start-up", "p50 (median over queries)", "slowest p50", "slowest p95", "queries with p50 > 20 ms",
                   "direct p50 (median)", "errors", "server peak RSS"], rows)]
    real = per_query.get("real")
    if real:
        prow = [[n, secs(d.get("p50")), secs(d.get("p95")), d.get("n", ""), d.get("rows", d.get("error", ""))] for n, d in sorted(real.items())]
        out += ["Real programme, per query (through the front):", "", *table(["query", "p50", "p95", "requests", "rows"], prow)]
    return out


def network_section(sizes: dict[str, R]) -> list[str]:
    rows = []
    for name, s in sizes.items():
        n = Summary(s.get("network"))
        if not n.valid and not n.errors:
            continue
        d = n.detail
        parts = ", ".join(f"{k} {secs(v)}" for k, v in d.get("parts", {}).items())
        rows.append([label(name, s), d.get("nodes", "–"), d.get("edges", "–"), n.cell(), mb(n.rss),
                     "yes" if d.get("html") else f"no – {d.get('todo', '')}", parts or "–"])
    return ["## 6. Network: build + analyses + HTML", "",
            "`network.generate` on pyoxigraph: the network from the two SPARQL queries, the analyses, the exports and the HTML "
            "views, written to a scratch folder. The store is loaded first (setup).", "",
            *table(["size", "nodes", "edges", "total", "peak RSS", "HTML included", "parts (first run)"], rows)]


def site_section(sizes: dict[str, R]) -> list[str]:
    rows = []
    for name, s in sizes.items():
        n = Summary(s.get("site"))
        d = n.detail
        if d.get("todo"):
            rows.append([label(name, s), f"TODO: {d['todo']}", "–"])
        elif n.valid:
            rows.append([label(name, s), n.cell(), d.get("pages", "–")])
    return ["## 7. Static site pages", "", *table(["size", "site build", "pages"], rows)]


def cli_section(sizes: dict[str, R]) -> list[str]:
    c = Summary(sizes.get("real", {}).get("cli_build"))
    if not c.valid and not c.errors:
        return []
    runs = ", ".join(secs(r["seconds"]) for r in c.ok)
    return ["## 8. `npdw build` of the real programme (cold process)", "",
            "`npdw --root . build -q --out <work>` as a user runs it: a new process each time (interpreter start, imports, "
            "parse, validation, writing), wall time measured by the parent.", "",
            *table(["median", "runs", "CPU (median)", "peak RSS", "output"],
                   [[c.cell(), runs, secs(c.cpu), mb(c.rss), c.detail.get("last_line", "")]])]


def not_measured(sizes: dict[str, R], results: R) -> list[str]:
    lines = ["## Not measured, and why", ""]
    for name, s in sizes.items():
        if name == "real":
            continue
        st = s.get("settings") or results["settings"]
        if st.get("steps"):
            lines.append(f"- {short(name)}: a separate run of only {', '.join(st['steps'])}.")
            continue
        target = s.get("generated", {}).get("target", 0)
        miss = []
        if target > st["plain_shacl_max"]:
            elsewhere = any(o is not s and o.get("generated", {}).get("target") == target and Summary(o.get("validate_plain")).valid
                            for o in sizes.values())
            miss.append("plain pySHACL (it grows faster than linearly; five runs would take hours)"
                        + (" – measured once in a separate run, see its row" if elsewhere else ""))
        if target > st["rdflib_query_max"]:
            miss.append("named queries on rdflib (minutes per query)")
        if target > st["rdflib_parse_max"]:
            miss.append("rdflib parse baseline")
        if target > st["served_max"]:
            miss.append("served endpoint (the front keeps its own rdflib copy of the graph)")
        if target > st.get("site_max", math.inf):
            miss.append("static site (one page per resource)")
        if miss:
            lines.append(f"- {short(name)}: " + "; ".join(miss) + ".")
        for key, m in s.items():
            if isinstance(m, dict) and isinstance(m.get("runs"), list):
                for r in m["runs"]:
                    if not r.get("ok"):
                        lines.append(f"- {short(name)}, {key}: failed: {r.get('error')}")
            elif isinstance(m, dict) and m.get("ok") is False:
                lines.append(f"- {short(name)}, {key}: failed: {m.get('error')}")
    if not find(sizes, 5_000_000):
        lines.append("- 5M: not part of this run (`--sizes 5m` or `--full`).")
    return lines + [""]


def ms(x: float | None) -> str:
    return "–" if x is None else (f"{x / 1000:.2f} s" if x >= 1000 else f"{x:.0f} ms" if x >= 10 else f"{x:.1f} ms")


def browser_section() -> list[str]:
    """Section 9 from ``bench/browser-results.json`` (``bench/browser.py``), if it has been run."""
    import json

    if not BROWSER.exists():
        return []
    b = json.loads(BROWSER.read_text(encoding="utf-8"))

    def cell(d: dict) -> str:
        return f"{ms(d.get('median'))} [{ms(d.get('min'))}–{ms(d.get('max'))}] (n={d.get('n', 0)})" if d else "–"

    names = {"real": "real programme", "synthetic": "synthetic, {areas} areas"}
    rows, rows2 = [], []
    for key, n in b.get("networks", {}).items():
        name = names.get(key, key).format(areas=n.get("areas", "?"))
        physics = "off" if n.get("physics_off") else "**still on**"
        rows.append([name, str(n["nodes"]), str(n["edges"]), f"{n.get('page_bytes', 0) / 1e6:.1f} MB".replace(".", ","),
                     cell(n["stable_ms"]), cell(n["network_created_ms"]),
                     f"{physics}; largest move in the next second {n.get('max_move_after_stable', 0):.1f}"])
        rows2.append([name, cell(n["focus_handler_ms"]), cell(n["focus_frame_ms"]), cell(n["focus_settled_ms"]),
                      cell(n["filter_handler_ms"]), cell(n["filter_frame_ms"]), cell(n["filter_settled_ms"]), cell(n["search_ms"])])
    loads = b.get("load", [])
    load = f"median {sorted(loads)[len(loads) // 2]:.1f} (min {min(loads):.1f}, max {max(loads):.1f})" if loads else "–"
    return ["", BROWSER_BEGIN, "## 9. The network page in the browser (issue 17)", "",
            f"`bench/browser.py` ({b.get('started', '')} – {b.get('finished', '')} UTC, code {b.get('commit', '')}, "
            f"{b.get('chromium', '')}, headless with `--disable-gpu`, window 1400×900, load average when a page was opened {load}). "
            "Each network is rendered as `npdw network` writes its pages (`network_view.render_html`, one file with the scripts "
            f"inlined) and opened {b.get('runs')} times, each a fresh load. The synthetic programme is `bench/generate.py` with more "
            "areas than `Plan.for_target` gives (100 efforts per area). Figures: median [min–max] over all loads and samples.", "",
            "- **Time to stable**: navigation start to vis-network's `stabilizationIterationsDone`, after which the page switches "
            "the physics off (`npdwNetwerk.timing.stable`); *network created* is when `new vis.Network` returned. *Physics* is read "
            "from vis-network after stabilising, and the nodes' positions are compared one second later (canvas units).",
            "- **Focus**: `npdwNetwerk.focus(i, 1)` on five efforts spread over the network (then focus left again); **filter**: "
            "the pillar filter set to each pillar in turn. *Handler* = the synchronous work, *frame* = until the next frame is "
            "drawn (two `requestAnimationFrame`), *settled* = until the animated fit to the new view (350 ms by design) is over.",
            "- **Search**: `npdwNetwerk.matches` for five queries (`" + "`, `".join(b.get("searches", [])) + "`).",
            "- Not in the tables: leaving focus (in a network of more than 800 nodes every node and edge comes back into the "
            "drawing) and the first paint before stabilising. The machine is shared: with a load average well above its "
            "2 cores the wall-clock figures are several times what a quiet machine gives; compare rows of the same run only.", "",
            *table(["network", "nodes", "edges", "page", "time to stable", "network created", "physics after stabilising"], rows), "",
            *table(["network", "focus: handler", "focus: frame", "focus: settled", "filter: handler", "filter: frame", "filter: settled",
                    "search"], rows2), BROWSER_END]
