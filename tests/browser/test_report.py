"""Renders the flagship HTML report in headless Chromium (Debian's binary, driven by Playwright) and
checks that what a reader needs is there and visible: every section, the tables, the maps with their
legend and scale bar, the answers to the questions the scenario declares, the charts' span; and the Dutch
report (`--lang nl`): Dutch headings, numbers and dates, and no English fixed text. Saves screenshots to
out/screenshots/.

Run by scripts/test.sh; needs GREENLIGHT_REPORT and GREENLIGHT_REPORT_NL (paths of report.html in English
and in Dutch) and Debian's chromium.
"""
import os
import pathlib
import re

import pytest
from playwright.sync_api import sync_playwright

REPORT = pathlib.Path(os.environ.get("GREENLIGHT_REPORT", "out/ukraine-2024-2025/report.html")).resolve()
REPORT_NL = pathlib.Path(os.environ.get("GREENLIGHT_REPORT_NL", "out/ukraine-2024-2025-nl/report.html")).resolve()
ROOT = pathlib.Path(__file__).resolve().parents[2]
SHOTS = pathlib.Path(os.environ.get("GREENLIGHT_SCREENSHOTS", "out/screenshots"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser():
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def open_page(browser, path):
    assert path.exists(), f"no report at {path}"
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    # No network: the report must be self-contained. Any request other than the file fails the test.
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    yield page
    assert all(u.startswith("file://") or u.startswith("data:") for u in requests), requests
    page.close()


@pytest.fixture(scope="module")
def page(browser):
    yield from open_page(browser, REPORT)


@pytest.fixture(scope="module")
def page_nl(browser):
    yield from open_page(browser, REPORT_NL)


def test_every_section_is_present(page):
    for section in ["summary", "consents", "cases", "questions", "reach", "variants", "maps"]:
        assert page.locator(f"section#{section}").count() == 1, section
        assert page.locator(f"section#{section} h2").is_visible()


def test_tables_have_rows(page):
    assert page.locator("table.consent-matrix tbody tr").count() >= 5
    assert page.locator("table.cases tbody tr").count() >= 30
    assert page.locator("table.reach").count() >= 5
    assert page.locator("table.variants tbody tr").count() >= 5 * 4
    assert re.search(r"\b\d+ passed, 0 failed\b", page.locator("section#cases").inner_text())


def test_the_declared_questions_are_answered_with_numbers(page):
    text = page.locator("table.questions").inner_text()
    assert re.search(r"within 300 km of Ukraine.*\n?.*\d{3},\d{3}", text), text
    shares = [float(x) for x in re.findall(r"(\d+\.\d)%", text)]
    assert len(shares) >= 3 and all(0 < s < 100 for s in shares), shares
    # The published figures beside ours, with source and date: ISW's two, The Economist's (via NOS), Kirby's.
    published = "\n".join(page.locator("section#questions table.published").all_inner_texts())
    for wording in ["at most 16%", "at least 245", "127 important military targets", "90 percent of the aircraft"]:
        assert wording in published, wording
    for source in ["9 June 2024", "August 2024", "12 September 2024", "September 2024", "NOS", "Kirby"]:
        assert source in published, source
    page.locator("section#questions").screenshot(path=str(SHOTS / "report-questions.png"))


def test_maps_show_borders_zones_sites_legend_and_scale(page):
    maps = page.locator("section#maps figure.map svg")
    assert maps.count() >= 5
    first = maps.first
    first.scroll_into_view_if_needed()
    box = first.bounding_box()
    assert box and box["width"] > 600 and box["height"] > 300
    assert first.locator("g.legend text").count() >= 4
    assert first.locator("g.scale-bar text").count() >= 3    # 0, the middle, the length with its unit
    assert first.locator("g.map path").count() >= 5           # borders and zones
    assert "within 10 m of the exact one" in first.inner_html()  # the tolerance is stated
    assert first.locator("g.map circle").count() >= 10        # synthetic sites
    legend = first.locator("g.legend").inner_html()
    assert "permitted" in legend and "synthetic site" in legend
    first.screenshot(path=str(SHOTS / "report-map.png"))
    maps.nth(maps.count() - 1).screenshot(path=str(SHOTS / "report-variant-map.png"))


def test_timeline_charts(page):
    charts = page.locator("section#reach figure.timeline svg")
    assert charts.count() >= 5
    charts.first.scroll_into_view_if_needed()
    charts.first.screenshot(path=str(SHOTS / "report-timeline.png"))


def test_charts_span_the_scenario(page):
    """Every chart runs from the first transfer (GMLRS, 2022-06-23) past the last change date of any table."""
    spans = page.eval_on_selector_all("section#reach figure.timeline svg", "els => els.map(e => [e.dataset.start, e.dataset.end])")
    rows = re.findall(r"\b(20\d\d-\d\d-\d\d)\b", page.locator("section#reach").inner_text())
    assert spans and rows
    for start, end in spans:
        assert start == "2022-06-23" and end > max(rows), (start, end, max(rows))


# --- the Dutch report --------------------------------------------------------------------------------

def dutch_table():
    """The translation tables, read from their Swift sources: English → Dutch."""
    pairs = {}
    for path in sorted((ROOT / "Sources/GreenlightAnalysis").glob("ReportTranslations*.swift")) + [ROOT / "Sources/GreenlightAnalysis/ReportText.swift"]:
        text = path.read_text(encoding="utf-8")
        for en, nl in re.findall(r'^\s*"((?:[^"\\]|\\.)*)":\s*(?:\n\s*)?"((?:[^"\\]|\\.)*)",', text, re.M):
            pairs[en.replace('\\"', '"')] = nl.replace('\\"', '"')
    assert len(pairs) >= 100, len(pairs)
    return pairs


def test_dutch_report_is_dutch(page_nl):
    assert page_nl.locator("html").get_attribute("lang") == "nl"
    headings = page_nl.locator("section h2").all_inner_texts()
    assert "Samenvatting" in headings and "Kaarten" in headings and "De vragen van het scenario" in headings, headings
    questions = page_nl.locator("table.questions").inner_text()
    assert "Russisch grondgebied" in questions and re.search(r"\b\d{3}\.\d{3}\b", questions), questions
    assert re.search(r"\b\d+,\d%", questions), questions                     # 12,5%
    published = page_nl.locator("table.published").first.inner_text()
    assert "minstens 245" in published and "augustus 2024" in published, published
    assert "hoogstens 16%" in page_nl.locator("section#questions").inner_text()
    assert "12 september 2024" in page_nl.locator("section#summary").inner_text()
    page_nl.locator("section#questions").screenshot(path=str(SHOTS / "report-nl-questions.png"))
    page_nl.locator("section#summary").screenshot(path=str(SHOTS / "report-nl-summary.png"))
    maps = page_nl.locator("section#maps figure.map svg")
    assert "toegestaan door" in maps.first.locator("g.legend").inner_html()
    maps.first.screenshot(path=str(SHOTS / "report-nl-map.png"))
    page_nl.locator("section#reach figure.timeline svg").first.screenshot(path=str(SHOTS / "report-nl-timeline.png"))


def test_dutch_report_holds_no_english_fixed_text(page_nl, page):
    """No English of an entry whose Dutch differs: its longer pieces nowhere, its short ones not as a whole
    table head, heading or legend line. The same check finds plenty in the English report."""
    table = {en: nl for en, nl in dutch_table().items() if en != nl}
    def left(p):
        text = p.locator("body").inner_text()
        lines = {l.strip() for l in text.splitlines()} | {t.strip() for t in p.eval_on_selector_all("th, h2, h3, g.legend text", "els => els.map(e => e.textContent)")}
        found = set()
        for en in table:
            for piece in re.split(r"\{\d\}", en):
                piece = piece.strip(" .,;:()—")
                if piece and piece not in table[en] and (piece in text if len(piece) >= 12 else piece in lines):
                    found.add(piece)
        return found
    assert left(page_nl) == set()
    assert len(left(page)) >= 40


def test_moved_sites_section_shows_counts_and_arrows(page):
    # The flagship names two synthetic site files (site_files): the section says they are synthetic,
    # has one row per item and a map where each move is an arrow.
    section = page.locator("section#moved-sites")
    assert section.count() == 1 and section.locator("h2").is_visible()
    assert "synthetic points made for a demonstration, not real installations" in section.inner_text()
    assert section.locator("table.moved-sites tbody tr").count() >= 2
    figure = section.locator("figure.moved-sites-map svg")
    assert figure.count() == 1 and figure.locator("path.arrows").count() >= 1
    assert "moved site:" in figure.locator("g.legend").text_content()
    section.screenshot(path=str(SHOTS / "report-moved-sites.png"))
