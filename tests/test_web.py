"""The one web layer: autoescaping, the navigation on every page, relative links, Dutch numbers."""

from __future__ import annotations

import re

import pytest

from npdw_graph.web import NAV, environment, page_root, render, static_files
from npdw_graph.web.format import column_title, euro, number, percentage


def test_page_root_climbs_back_to_the_portal_root():
    assert page_root("index.html") == ""
    assert page_root("vragen/index.html") == "../"
    assert page_root("doc/inspanning/energiehulp.html") == "../../"


def test_every_page_has_the_dutch_navigation_with_relative_links():
    html = render("message.html", page_path="doc/inspanning/x.html", title="T", message="M")
    labels = re.findall(r'<li><a href="([^"]+)"[^>]*>([^<]+)</a></li>', html)
    assert [label for _, label in labels] == ["Start", "Inspanningen", "Netwerk", "Vragen", "Monitor", "Bijlage 2", "Begrippen", "Over de data"]
    assert all(href.startswith("../../") for href, _ in labels)
    assert 'name="viewport"' in html
    assert 'href="../../static/npdw.css"' in html


def test_the_active_place_is_marked():
    html = render("message.html", page_path="vragen/index.html", active="vragen", title="T", message="M")
    assert re.search(r'href="\.\./vragen/index\.html" aria-current="page"', html)
    assert html.count('aria-current="page"') == 1


def test_text_is_escaped_in_templates():
    hostile = '<script>alert(1)</script>"&'
    html = render("message.html", page_path="index.html", title=hostile, message=hostile)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34;&amp;" in html



def test_autoescape_is_on():
    assert environment().autoescape is True


def test_the_stylesheet_ships_as_package_data():
    names = [n for n, _ in static_files()]
    assert "npdw.css" in names


def test_navigation_targets_are_the_portal_places():
    assert {path for _, path, _ in NAV} >= {"index.html", "netwerk/index.html", "vragen/index.html", "over/index.html"}


@pytest.mark.parametrize(("value", "expected"), [
    ("624321.00", "€ 624.321"), ("1500.5", "€ 1.500,50"), ("30107578", "€ 30.107.578"), ("-2500", "-€ 2.500"), ("abc", "abc"), (None, ""),
])
def test_euro(value, expected):
    assert euro(value) == expected


@pytest.mark.parametrize(("value", "expected"), [("1234.5", "1.234,5"), ("1000000", "1.000.000"), ("0.25", "0,25"), ("x", "x")])
def test_number(value, expected):
    assert number(value) == expected


def test_percentage():
    assert percentage("12.5") == "12,5%"


@pytest.mark.parametrize(("variable", "title"), [("statusNietVermeld", "status niet vermeld"), ("wijkNaam", "wijk"), ("perJaar", "per jaar"),
                                                 ("naam", "naam"), ("totaal", "totaal"), ("aantal2024", "aantal2024")])
def test_column_title(variable, title):
    assert column_title(variable) == title
