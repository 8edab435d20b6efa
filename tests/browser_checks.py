"""Checks shared by the browser tests that feed the pages hostile labels (tests/test_*_browser.py)."""

from __future__ import annotations

from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By

HOSTILE_TEXT = "<script>window.__xss=1;alert(1)</script>"


def assert_no_script_ran(driver) -> None:
    """The open page ran nothing from its data: no alert, no injected handler (``window.__xss``), no label as ``<img>``."""
    try:
        alert = driver.switch_to.alert
        text = alert.text
        alert.dismiss()
        raise AssertionError(f"a script ran and opened an alert: {text!r}")
    except NoAlertPresentException:
        pass
    assert driver.execute_script("return window.__xss === undefined"), "an injected script or handler ran"
    assert not driver.find_elements(By.CSS_SELECTOR, "img[src='x']"), "a label became an <img> element"


def assert_shown_literally(text: str) -> None:
    """The hostile label is on the page as text, with its template and textarea breakers."""
    assert HOSTILE_TEXT in text, "the label is not shown literally"
    assert "{{ 7*7 }}" in text and "</textarea>" in text
