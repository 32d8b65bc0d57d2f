"""Renders the flagship HTML report in headless Chromium (Debian's binary, driven by Playwright) and
checks that what a reader needs is there and visible: every section, the tables, the maps with their
legend and scale bar, the answers to the debate's questions. Saves screenshots to out/screenshots/.

Run by scripts/test.sh; needs GREENLIGHT_REPORT (path of report.html) and Debian's chromium.
"""
import os
import pathlib
import re

import pytest
from playwright.sync_api import sync_playwright

REPORT = pathlib.Path(os.environ.get("GREENLIGHT_REPORT", "out/ukraine-2024-2025/report.html")).resolve()
SHOTS = pathlib.Path(os.environ.get("GREENLIGHT_SCREENSHOTS", "out/screenshots"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def page():
    assert REPORT.exists(), f"no report at {REPORT}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        # No network: the report must be self-contained. Any request other than the file fails the test.
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(REPORT.as_uri())
        page.wait_for_load_state("load")
        yield page
        assert all(u.startswith("file://") or u.startswith("data:") for u in requests), requests
        browser.close()


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


def test_the_debate_questions_are_answered_with_numbers(page):
    text = page.locator("table.questions").inner_text()
    assert "at most 16%" in text
    assert re.search(r"within 300 km of Ukraine.*\n?.*\d{3},\d{3}", text), text
    shares = [float(x) for x in re.findall(r"(\d+\.\d)%", text)]
    assert len(shares) >= 3 and all(0 < s < 100 for s in shares), shares
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
