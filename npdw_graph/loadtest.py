"""``npdw loadtest``: a bounded load test of a SPARQL endpoint with the named query library.

A fixed number of requests is spread evenly over a fixed time (open loop: request *i* is sent
at ``i * duration / requests`` seconds, by a small pool of workers), cycling through the
library's queries with their default parameters. Every answer must be HTTP 200 with parseable
SPARQL JSON results; the latencies go into a Markdown report with p50/p95/p99 per query and overall.

With ``pages`` the portal's pages are fetched in the same cycle (``GET``, ``Accept: text/html``;
an answer must be HTTP 200 and a whole HTML page): by default ``PORTAL_PAGES``, an effort's page,
a question page, the effort list with a facet and a search.
"""

from __future__ import annotations

import json
import math
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from npdw_graph.atomic import atomic_write_text
from npdw_graph.errors import NpdwError
from npdw_graph.querylib import NamedQuery
from npdw_graph.remote import prepare_query


@dataclass(frozen=True)
class Sample:
    query: str
    seconds: float
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass
class LoadReport:
    endpoint: str
    requests: int
    duration: float
    concurrency: int
    wall_seconds: float
    samples: list[Sample] = field(default_factory=list)
    started: str = ""

    @property
    def errors(self) -> list[Sample]:
        return [s for s in self.samples if not s.ok]

    def to_markdown(self) -> str:
        return report_markdown(self)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


# (name in the report, path under the portal root): the pages a visitor opens most.
PORTAL_PAGES: tuple[tuple[str, str], ...] = (
    ("pagina: inspanning", "/doc/inspanning/energiehulp.html"),
    ("pagina: vraag keten-voor-wijk", "/vragen/keten-voor-wijk"),
    ("pagina: inspanningen met facet", "/inspanningen/?pijler=Wonen+en+fysieke+leefomgeving"),
    ("pagina: zoeken", "/zoeken?q=energie"),
)
PAGE_PREFIX = "pagina: "


def portal_root(endpoint: str) -> str:
    """The portal's root URL from its SPARQL endpoint (``http://host:port/sparql`` -> ``http://host:port``)."""
    parts = urllib.parse.urlsplit(endpoint)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def page_requests(root: str, pages: tuple[tuple[str, str], ...] = PORTAL_PAGES) -> list[tuple[str, str]]:
    return [(name, root.rstrip("/") + path) for name, path in pages]


def prepare_requests(library: dict[str, NamedQuery]) -> list[tuple[str, str]]:
    """(name, query text with the default parameters bound) for every named query."""
    return [(name, prepare_query(q.text, q.bindings({}))) for name, q in library.items()]


def _timed(request: urllib.request.Request, name: str, timeout: float, problem) -> Sample:
    """Fetch REQUEST and time it; PROBLEM(body) names what is wrong with a whole answer, or None."""
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read()
        elapsed = time.perf_counter() - start
        return Sample(name, elapsed, problem(data) or "")
    except urllib.error.HTTPError as e:
        return Sample(name, time.perf_counter() - start, f"HTTP {e.code}")
    except (urllib.error.URLError, OSError, ValueError) as e:
        return Sample(name, time.perf_counter() - start, f"{type(e).__name__}: {e}")


def _sparql_problem(data: bytes) -> str | None:
    parsed = json.loads(data)
    if "results" not in parsed and "boolean" not in parsed:
        return "no SPARQL results in the answer"
    return None


def _page_problem(data: bytes) -> str | None:
    return None if b"</html>" in data[-4096:].lower() else "not a whole HTML page"


def _one(endpoint: str, name: str, text: str, timeout: float) -> Sample:
    body = urllib.parse.urlencode({"query": text}).encode()
    request = urllib.request.Request(endpoint, data=body, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
    return _timed(request, name, timeout, _sparql_problem)


def _page(url: str, name: str, timeout: float) -> Sample:
    request = urllib.request.Request(url, method="GET", headers={"Accept": "text/html"})
    return _timed(request, name, timeout, _page_problem)


def run_load(endpoint: str, queries: list[tuple[str, str]], *, requests: int = 200, duration: float = 10.0,
             concurrency: int = 4, timeout: float = 30.0, pages: list[tuple[str, str]] | None = None) -> LoadReport:
    """Send ``requests`` queries (and page fetches: ``pages`` as (name, URL)) spread over ``duration`` seconds,
    cycling through them; returns every latency and error."""
    jobs: list[tuple[str, str, bool]] = [(name, text, False) for name, text in queries] + [(name, url, True) for name, url in pages or []]
    if not jobs:
        raise NpdwError("no queries to send")
    if requests < 1 or duration < 0 or concurrency < 1:
        raise NpdwError("--requests and --concurrency must be at least 1, --duration not negative")
    if not endpoint.startswith(("http://", "https://")):
        raise NpdwError(f"endpoint must be an http(s) URL, got {endpoint!r}")
    interval = duration / requests
    lock = threading.Lock()
    next_index = [0]
    samples: list[Sample] = []
    started = datetime.now(UTC).isoformat(timespec="seconds")
    t0 = time.perf_counter()

    def worker() -> None:
        while True:
            with lock:
                i = next_index[0]
                if i >= requests:
                    return
                next_index[0] += 1
            wait = t0 + i * interval - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            name, what, is_page = jobs[i % len(jobs)]
            sample = _page(what, name, timeout) if is_page else _one(endpoint, name, what, timeout)
            with lock:
                samples.append(sample)

    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="npdw-load") as pool:
        for future in [pool.submit(worker) for _ in range(concurrency)]:
            future.result()
    return LoadReport(endpoint, requests, duration, concurrency, time.perf_counter() - t0, samples, started)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def report_markdown(report: LoadReport) -> str:
    ok = [s.seconds for s in report.samples if s.ok]
    lines = [
        "# Belastingstest SPARQL-endpoint",
        "",
        f"- Endpoint: `{report.endpoint}`",
        f"- Gestart: {report.started}",
        f"- Verzoeken: {len(report.samples)} van {report.requests}, verspreid over {report.duration:g} s "
        f"(werkelijk {report.wall_seconds:.1f} s), {report.concurrency} gelijktijdig",
        f"- Fouten: {len(report.errors)}",
        "",
        "## Latentie (ms), alle queries",
        "",
        "| maat | ms |",
        "|---|---:|",
    ]
    if ok:
        for label, p in (("p50", 50), ("p95", 95), ("p99", 99)):
            lines.append(f"| {label} | {_ms(percentile(ok, p))} |")
        lines.append(f"| max | {_ms(max(ok))} |")
    else:
        lines.append("| (geen geslaagde verzoeken) | |")
    groups = (("queries", [s.seconds for s in report.samples if s.ok and not s.query.startswith(PAGE_PREFIX)]),
              ("pagina's", [s.seconds for s in report.samples if s.ok and s.query.startswith(PAGE_PREFIX)]))
    if all(values for _g, values in groups):
        lines += ["", "## Latentie (ms), queries en pagina's apart", "", "| soort | n | p50 | p95 | p99 |", "|---|---:|---:|---:|---:|"]
        for label, values in groups:
            lines.append(f"| {label} | {len(values)} | " + " | ".join(_ms(percentile(values, p)) for p in (50, 95, 99)) + " |")
    lines += ["", "## Per query of pagina", "", "| query of pagina | n | fouten | p50 | p95 | p99 |", "|---|---:|---:|---:|---:|---:|"]
    for name in sorted({s.query for s in report.samples}):
        mine = [s for s in report.samples if s.query == name]
        good = [s.seconds for s in mine if s.ok]
        cells = [_ms(percentile(good, p)) for p in (50, 95, 99)] if good else ["", "", ""]
        lines.append(f"| {name} | {len(mine)} | {len(mine) - len(good)} | " + " | ".join(cells) + " |")
    if report.errors:
        lines += ["", "## Fouten", ""]
        for s in report.errors[:50]:
            lines.append(f"- {s.query}: {s.error}")
    return "\n".join(lines) + "\n"


def write_report(report: LoadReport, path: Path) -> None:
    atomic_write_text(path, report_markdown(report))
