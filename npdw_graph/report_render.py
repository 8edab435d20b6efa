"""The accountability report on screen, on paper and as Markdown, from the templates of the one web layer.

- ``render_html``: the portal's page (``monitor/index.html``, ``monitor/<wijk>.html``): ``report.html``,
  which extends ``base.html``.
- ``render_document``: the same chapters as one standalone document with a title page, colophon and
  table of contents (``report_document.html``); the stylesheet comes along as a ``data:`` URL, so the
  file works offline on its own. ``render_pdf`` gives it to WeasyPrint: A4, page numbers, a running
  header, the table of contents with page numbers, table headers repeated on every page and rows
  never split (the ``@media print`` part of ``npdw.css``). WeasyPrint may fetch nothing but the
  ``data:`` URL it was given.
- ``render_markdown``: the report as Markdown, the charts as separate SVG files.

Both HTML variants include ``report_body.html``; only the frame differs.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from npdw_graph.report_model import IMPROVED, WORSENED, Report
from npdw_graph.web import environment, render, static_files

_CODE = re.compile(r"\b(od|sd)-([a-z]+)-0*(\d+)\b")
_PILLAR_WORD = {"wonen": "Wonen", "gezond": "Gezond", "leren": "Leren", "werk": "Werk", "veilig": "Veilig"}


def readable(text: object) -> str:
    """Reader text without internal codes: ``od-leren-04`` -> ``doel Leren 4``; the code stays only as a small reference."""
    def name(m: re.Match[str]) -> str:
        kind = "doel" if m.group(1) == "od" else "strategisch doel"
        return f"{kind} {_PILLAR_WORD.get(m.group(2), m.group(2).capitalize())} {m.group(3)}"

    return _CODE.sub(name, "" if text is None else str(text))


def _stylesheet_url() -> str:
    css = dict(static_files())["npdw.css"]
    return "data:text/css;base64," + base64.b64encode(css).decode("ascii")


def _context(report: Report) -> dict[str, Any]:
    return {"r": report, "readable": readable, "IMPROVED": IMPROVED, "WORSENED": WORSENED}


def render_html(report: Report, page_path: str = "monitor/index.html", wijken: list[tuple[str, str]] | None = None,
                pdf: str = "") -> str:
    """The report as a page of the portal (navigation, search, the portal's stylesheet); ``pdf`` names the PDF beside it."""
    return render("report.html", page_path=page_path, active="monitor", title=report.title, mode="portal",
                  wijken=wijken or [], pdf=pdf, **_context(report))


def render_document(report: Report, for_print: bool = False) -> str:
    """The report as one standalone HTML document (title page, colophon, table of contents), for print or for a file."""
    return environment().get_template("report_document.html").render(
        root="", mode="print" if for_print else "document", stylesheet=_stylesheet_url(), title=report.title, **_context(report))



def render_pdf(report: Report) -> bytes:
    """The report as a paginated A4 PDF (WeasyPrint) from the print variant of the same templates."""
    import logging

    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # it warns about screen-only CSS it does not know
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    offline = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)  # the stylesheet's data: URL, nothing else
    return HTML(string=render_document(report, for_print=True), url_fetcher=offline, base_url=".").write_pdf()


# ------------------------------------------------------------------ Markdown


def _md(text: object) -> str:
    """Escape the characters Markdown would read (the template's autoescaping takes care of HTML)."""
    return re.sub(r"([\\`*_\[\]|])", r"\\\1", readable(text))


def render_markdown(report: Report, chart_dir: str) -> tuple[str, dict[str, str]]:
    """The report as Markdown; the charts are returned as {file name: SVG} to be written into ``chart_dir``."""
    charts: dict[str, str] = {}
    template = environment().get_template("report_chart.html")
    for g in report.goals():
        for i in g.indicators:
            if i.chart is not None and i.has_data:
                charts[f"{g.code}-{i.slug}.svg"] = template.render(c=i.chart, standalone=True)
    text = environment().get_template("report_markdown.md").render(md=_md, chart_dir=chart_dir, **_context(report))
    return text, charts
