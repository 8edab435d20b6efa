"""The live portal's pages in headless Chromium: no console errors, no request outside the server,
nothing wider than a 390 px phone, and the form works."""

from __future__ import annotations

import json
import urllib.parse

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from stubs import ROOT
from test_network_browser import CHROMEDRIVER, CHROMIUM, FLAGS

from npdw_graph.serve import start_server

pytestmark = [pytest.mark.browser, pytest.mark.server]


@pytest.fixture(scope="module")
def served(graph):
    running = start_server(graph, queries_dir=ROOT / "queries")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium-serve')}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    d = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    yield d
    d.quit()


def open_page(driver, url: str, width: int = 1400, ready: str = "return document.readyState === 'complete'"):
    driver.set_window_size(width, 900)
    driver.get_log("performance")
    driver.get_log("browser")
    driver.get(url)
    WebDriverWait(driver, 60).until(lambda d: d.execute_script(ready))
    console = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    events = [json.loads(e["message"])["message"] for e in driver.get_log("performance")]
    requested = [e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"]
    return console, requested


def outside(requested: list[str], base: str) -> list[str]:
    return [u for u in requested if not u.startswith(base) and not u.startswith(("data:", "blob:"))]


@pytest.mark.parametrize("width", [1400, 390])
def test_question_page_with_its_form(served, driver, width):
    console, requested = open_page(driver, served.url + "vragen/keten-voor-wijk.html", width)
    assert console == []
    assert outside(requested, served.url) == []
    assert driver.execute_script("return document.documentElement.scrollWidth") <= width
    Select(driver.find_element(By.ID, "p-wijk")).select_by_visible_text("Crabbehof")
    driver.find_element(By.CSS_SELECTOR, "form.keuzes button").click()
    WebDriverWait(driver, 60).until(lambda d: "wijk=gebied" in d.current_url)
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(driver.current_url).query)["wijk"] == ["gebied:crabbehof"]
    chosen = Select(driver.find_element(By.ID, "p-wijk")).first_selected_option.text
    assert chosen == "Crabbehof"
    assert driver.execute_script("return document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1400, 390])
def test_questions_index_and_chart(served, driver, width):
    for path in ("vragen/index.html", "vragen/financiering-per-pijler.html"):
        console, requested = open_page(driver, served.url + path, width)
        assert console == [] and outside(requested, served.url) == []
        assert driver.execute_script("return document.documentElement.scrollWidth") <= width, path


def test_editor_loads_offline_and_runs_an_example(served, driver):
    console, requested = open_page(driver, served.url + "sparql", 1400,
                                   ready="return document.readyState === 'complete' && !!document.querySelector('.CodeMirror')")
    assert console == []
    assert outside(requested, served.url) == []
    Select(driver.find_element(By.ID, "voorbeeld")).select_by_index(1)
    driver.execute_script("document.querySelector('.yasqe_queryButton').click()")
    WebDriverWait(driver, 60).until(lambda d: d.execute_script("return document.querySelectorAll('.yasr table tbody tr').length > 0"))
    links = driver.execute_script("return Array.from(document.querySelectorAll('.yasr a[href]')).map(a => a.href)")
    ids = [h for h in links if "/id/" in h]
    assert ids and all(h.startswith(served.url + "id/") for h in ids)
    events = [json.loads(e["message"])["message"] for e in driver.get_log("performance")]
    requested = [e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"]
    assert outside(requested, served.url) == []
