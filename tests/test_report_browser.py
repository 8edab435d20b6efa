"""The report's portal pages in headless Chromium: on a 390 px phone nothing is wider than the screen."""

from __future__ import annotations

from datetime import date

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from npdw_graph.report import build_report, portal_pages
from npdw_graph.report_render import render_document
from npdw_graph.web import copy_static

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
