"""The one web layer: every HTML page the tool writes or serves is rendered here.

Templates live in ``npdw_graph/web/templates/`` (Jinja2, autoescaping on for every template),
static files (one stylesheet, the scripts) in ``npdw_graph/web/static/``; both are package data.
Every page extends ``base.html``, which carries the one Dutch navigation bar and the search box.

Links are relative to the portal root, so the same pages work from disk (``dist/site/``) and
behind ``npdw serve``: a template gets ``root`` (``""`` on the start page, ``"../../"`` on
``doc/<type>/<slug>.html``) and writes ``{{ root }}vragen/index.html``. ``page_root(path)`` gives
it for a page path. The portal's places (see ``NAV``) are fixed here, once.
"""

from __future__ import annotations

import shutil
from contextlib import suppress
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined
from jinja2.bccache import Bucket

from npdw_graph.web.format import column_title, euro, number, percentage

# (label, path from the portal root, key) — the navigation bar, in this order, on every page.
NAV: tuple[tuple[str, str, str], ...] = (
    ("Start", "index.html", "start"),
    ("Inspanningen", "inspanningen/index.html", "inspanningen"),
    ("Netwerk", "netwerk/index.html", "netwerk"),
    ("Vragen", "vragen/index.html", "vragen"),
    ("Monitor", "monitor/index.html", "monitor"),
    ("Bijlage 2", "bijlage-2/index.html", "bijlage-2"),
    ("Begrippen", "def/index.html", "begrippen"),
    ("Over de data", "over/index.html", "over"),
)
SEARCH_PATH = "zoeken/index.html"
STATIC_DIR = "static"


class _QuietBytecodeCache(FileSystemBytecodeCache):
    """Jinja's compiled templates kept between runs (in the user's private temporary folder), so a command
    does not compile the templates again; a cache that cannot be read or written (a full disk) is skipped."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a broken cache file only means compiling again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    try:
        return _QuietBytecodeCache()
    except (OSError, RuntimeError):  # no safe private folder for it: compile every time
        return None


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment: autoescaping for every template, undefined names are errors.

    The templates are package files that do not change while a process runs, so they are not
    checked for changes on every page (``auto_reload`` off: one ``stat`` less per page) and
    their compiled form is cached between runs (keyed by the template's source, never stale).
    """
    env = Environment(
        loader=PackageLoader("npdw_graph.web", "templates"),
        auto_reload=False,
        bytecode_cache=_bytecode_cache(),
        autoescape=True,  # every template is HTML (or SVG inside HTML): escape everything not marked safe
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["euro"] = euro
    env.filters["column_title"] = column_title
    env.filters["number"] = number
    env.filters["percentage"] = percentage
    env.globals["NAV"] = NAV
    env.globals["SEARCH_PATH"] = SEARCH_PATH
    env.globals["STATIC"] = STATIC_DIR
    return env


def page_root(page_path: str) -> str:
    """The relative prefix from a page (``doc/inspanning/x.html``) back to the portal root (``../../``)."""
    depth = page_path.strip("/").count("/")
    return "../" * depth


def render(template: str, *, page_path: str, active: str | None = None, **context: Any) -> str:
    """Render one page of the portal. ``page_path`` is where it lives under the portal root."""
    return environment().get_template(template).render(root=page_root(page_path), active=active, page_path=page_path, **context)


def static_files() -> list[tuple[str, bytes]]:
    """The package's static files as (name, bytes), for the static build and the server."""
    folder = files("npdw_graph.web") / "static"
    return sorted((f.name, f.read_bytes()) for f in folder.iterdir() if f.is_file() and not f.name.startswith("."))


def copy_static(site_dir: Path) -> None:
    """Write the static files into ``site_dir/static/`` (inside a staged output folder)."""
    target = site_dir / STATIC_DIR
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name, data in static_files():
        (target / name).write_bytes(data)
