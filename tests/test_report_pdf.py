"""``npdw report --format pdf``: a real paginated A4 PDF, read back with poppler's pdftotext and pdfinfo."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from click.testing import CliRunner

from npdw_graph.cli import main

# poppler-utils (pdftotext, pdfinfo) are installed by `make test` (target system-deps); without them these tests fail, not skip.
assert shutil.which("pdftotext") and shutil.which("pdftohtml"), "pdftotext or pdftohtml is missing: run `make system-deps` (poppler-utils)"

HEADER = "Verantwoording Nationaal Programma Dordt West"


@pytest.fixture(scope="module")
def pdf(tmp_path_factory, project):
    out = tmp_path_factory.mktemp("pdf")
    result = CliRunner().invoke(main, ["--root", str(project.root), "report", "--format", "pdf", "--out", str(out)])
    assert result.exit_code == 0, result.output
    path = out / "verantwoording-dordt-west.pdf"
    assert path.read_bytes()[:5] == b"%PDF-"
    return path


@pytest.fixture(scope="module")
def pages(pdf) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def test_pdf_is_a4_with_at_least_ten_pages(pdf, pages):
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert count >= 10 and len(pages) == count
    width, height = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M).groups())
    assert (round(width), round(height)) == (595, 842)  # A4 in points


def test_every_page_but_the_title_has_running_header_and_page_number(pages):
    total = len(pages)
    assert HEADER not in pages[0] and "pagina" not in pages[0]  # the title page is bare
    for n, page in enumerate(pages[1:], start=2):
        assert page.lstrip().startswith(HEADER), f"page {n} has no running header"
        assert f"pagina {n} van {total}" in page, f"page {n} has no page number"


def _toc(pages: list[str]) -> dict[str, int]:
    toc_page = next(p for p in pages if re.search(r"^\s*Inhoud\s*$", p, re.M))
    return {m.group(1).strip(): int(m.group(2)) for m in re.finditer(r"^\s*(?:\d+\.\s+)?(\S.*?)\s*\.{3,}\s*(\d+)\s*$", toc_page, re.M)}


def test_table_of_contents_with_page_numbers_that_point_at_the_chapters(pages):
    toc = _toc(pages)
    for chapter in ("Samenvatting", "Financiën", "Datakwaliteit", "Pijler 1: Wonen en fysieke leefomgeving", "Colofon en leeswijzer"):
        assert chapter in toc, f"{chapter} is not in the table of contents: {sorted(toc)}"
        page = pages[toc[chapter] - 1]
        assert re.search(rf"^\s*{re.escape(chapter)}\s*$", page, re.M), f"{chapter} is not on page {toc[chapter]}"
    assert len([k for k in toc if k.startswith("Pijler ")]) == 5


def test_financial_chapter_has_the_chapter_12_total(pages):
    toc = _toc(pages)
    chapter = "\n".join(pages[toc["Financiën"] - 1:toc["Datakwaliteit"] - 1])
    assert "Financiering door het Rijk" in chapter
    assert re.search(r"Totaal\s+€ 30\.107\.578", chapter), "the chapter 12 total is not in the financial chapter"
    assert "Volkshuisvestingsfonds" in chapter and "€ 17.061.638" in chapter


def test_no_internal_code_outside_the_small_references(pages):
    text = "\n".join(pages)
    for m in re.finditer(r"\b(?:od|sd)-[a-z]+-\d+", text):
        before = text[max(0, m.start() - 5):m.start()]
        assert before.endswith("ref. "), f"internal code in reader text or a heading: ...{text[max(0, m.start() - 60):m.end()]}"


def _headings(pdf) -> list[tuple[int, str]]:
    """Every heading of the PDF as (page, text): WeasyPrint makes a bookmark of each h1-h6, poppler's pdftohtml lists them."""
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", "-q", str(pdf)], check=True, capture_output=True, text=True).stdout
    outline = ET.fromstring(xml).find("outline")
    assert outline is not None, "the PDF has no outline (bookmarks of its headings)"
    return [(int(item.get("page", "0")), "".join(item.itertext()).strip()) for item in outline.iter("item")]


def test_no_heading_carries_an_internal_code(pdf, pages):
    headings = _headings(pdf)
    texts = [t for _, t in headings]
    assert sum(t.startswith("Pijler ") for t in texts) == 5 and texts.count("Wat willen we bereiken?") == 5
    assert len(headings) >= 43 + 5 * 3 + 4  # 43 goals, the three questions per pillar, the chapters
    coded = [t for t in texts if re.search(r"\b(?:od|sd)-[a-z]+-\d", t)]
    assert coded == [], f"headings with an internal code: {coded[:5]}"
    for page, text in headings:  # the outline is the document's: each heading is on the page it names
        words = re.sub(r"\s+", " ", pages[page - 1])
        assert text.rstrip("…").strip()[:40] in words, f"heading {text!r} is not on page {page}"


def test_long_tables_repeat_their_header_on_every_page(pages):
    """A page that continues the efforts table starts with its header row again."""
    rows = re.compile(r"\S\s{2,}(hoofdpijler|raakt ook)\s{2,}\S")  # the Pijler cell of a row, between two other cells
    continued = 0
    for n, page in enumerate(pages, start=1):
        if rows.search(page):
            assert re.search(r"Inspanning\s+Status\s+Pijler\s+Partners\s+Gebied", page), f"page {n}: table rows without the header row"
            continued += 1
    assert continued >= 5
    money = re.compile(r"^.*?(?:€ [\d.]+|–)(?:\s+(?:€ [\d.]+|–)){4}\s+(?:\d+|–)\s*$", re.M)  # five amount cells and a count: a money row
    with_money = 0
    for n, page in enumerate(pages, start=1):
        if money.search(page):
            assert re.search(r"Toegekend\s+Begroot\s+Aangevraagd", page), f"page {n}: money rows without the header row"
            with_money += 1
    assert with_money >= 7  # each pillar's money, per pillar and per funder


def test_pdf_of_a_wijk(tmp_path, project):
    result = CliRunner().invoke(main, ["--root", str(project.root), "report", "--format", "pdf", "--wijk", "wielwijk", "--pillar", "veilig",
                                       "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    text = subprocess.run(["pdftotext", str(tmp_path / "verantwoording-wielwijk-leefbaar-en-veilig.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "Een inspanning hoort bij Wielwijk als de bron haar aan Wielwijk" in re.sub(r"\s+", " ", text)
    months = "januari februari maart april mei juni juli augustus september oktober november december".split()
    today = date.today()
    assert f"Stand van de gegevens: {today.day} {months[today.month - 1]} {today.year}" in re.sub(r"\s+", " ", text)  # a date as a reader writes it
