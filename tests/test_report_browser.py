"""The report's portal pages in headless Chromium: on a 390 px phone nothing is wider than the screen."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from npdw_graph.charts import Line, Series, bar_chart
from npdw_graph.report import build_report, portal_pages
from npdw_graph.report_render import render_document
from npdw_graph.web import copy_static, environment

pytestmark = pytest.mark.browser

FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync", "--disable-extensions", "--hide-scrollbars"]
# Every element whose right edge lies beyond the viewport (an element pushed off to the left, like the skip link, does not
# make the page scroll sideways and is not counted).
TOO_WIDE = """const w = document.documentElement.clientWidth; const out = [];
for (const el of document.querySelectorAll('body *')) { const r = el.getBoundingClientRect();
  if (r.width > 0 && r.height > 0 && r.right > w + 0.5) out.push(el.tagName + '.' + el.className + ' ' + Math.round(r.right)); }
return out.slice(0, 20);"""


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in [*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('profiel')}"]:
        options.add_argument(flag)
    d = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    yield d
    d.quit()


@pytest.fixture(scope="module")
def site(tmp_path_factory, graph):
    root = tmp_path_factory.mktemp("site")
    for path, data in portal_pages(graph, today=date(2026, 11, 27)):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    copy_static(root)
    (root / "document.html").write_text(render_document(build_report(graph, wijk="crabbehof")), encoding="utf-8")
    return root


# Pairs of legend entries (symbol and text) of one chart whose boxes, as the browser draws them, overlap; and entries beyond the chart.
LEGEND_CLASHES = """const out = [];
for (const svg of document.querySelectorAll('svg.grafiek')) { const s = svg.getBoundingClientRect();
  const boxes = [...svg.querySelectorAll('g.legenda-item')].map(g => g.getBoundingClientRect());
  boxes.forEach((a, i) => { if (a.right > s.right + 0.5) out.push(svg.id + ' item ' + i + ' beyond the chart');
    boxes.slice(i + 1).forEach((b, j) => { if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
      out.push((svg.getAttribute('aria-labelledby') || '') + ': items ' + i + ' and ' + (i + j + 1)); }); }); }
return out.slice(0, 20);"""


@pytest.mark.parametrize("page", ["monitor/index.html", "monitor/wielwijk.html", "document.html"])
def test_nothing_wider_than_a_phone(driver, site, page):
    driver.set_window_size(390, 900)
    driver.get((site / page).as_uri())
    width = driver.execute_script("return document.documentElement.clientWidth")
    assert 370 <= width <= 390
    assert driver.execute_script("return document.documentElement.scrollWidth") <= width
    assert driver.execute_script(TOO_WIDE) == []
    charts = driver.execute_script("return [...document.querySelectorAll('svg.grafiek')].map(s => s.getBoundingClientRect().width)")
    assert charts and max(charts) <= width  # the charts scale down with the screen


def test_wide_screen_has_no_sideways_scroll(driver, site):
    driver.set_window_size(1400, 900)
    driver.get((site / "monitor/index.html").as_uri())
    assert driver.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert driver.execute_script(TOO_WIDE) == []


def test_chart_legends_do_not_overlap(driver, site, tmp_path):
    """The report's charts, and one with long years and both lines (a measured indicator with a numeric target)."""
    driver.set_window_size(1400, 900)
    driver.get((site / "monitor/index.html").as_uri())
    assert driver.execute_script("return document.querySelectorAll('svg.grafiek g.legenda-item').length") >= 10
    assert driver.execute_script(LEGEND_CLASHES) == []
    chart = bar_chart("Stress per wijk", ["Oud-Krispijn", "Nieuw-Krispijn", "Wielwijk", "Crabbehof"],
                      [Series("jaar niet vermeld (nulmeting)", (Decimal(20), None, Decimal(18), None)),
                       Series("2023 (nulmeting)", (Decimal(21), Decimal(19), None, None)), Series("2025", (None, None, Decimal("18.4"), None))],
                      "%", [Line("referentie", Decimal("14.2"), "Dordrecht 2025: 14,2% (= streefwaarde 2043)"),
                            Line("streefwaarde", Decimal(15), "streefwaarde 2043: onder 15%")], ident="proef")
    svg = environment().get_template("report_chart.html").render(c=chart, standalone=True)
    (tmp_path / "grafiek.html").write_text(f"<!DOCTYPE html><html><body>{svg}</body></html>", encoding="utf-8")
    driver.get((tmp_path / "grafiek.html").as_uri())
    assert driver.execute_script("return document.querySelectorAll('svg.grafiek g.legenda-item').length") == 5
    assert driver.execute_script(LEGEND_CLASHES) == []
