"""The web map in headless Chromium (Debian's binary, driven by Playwright): it loads with the flagship
scenario and 100,000 synthetic sites, the date moves across the 2024-11-17 change, a click on a site
shows the decision, and the explanation changes with the date. Measures how long the panel and layers
take to update after a control change, and saves screenshots to out/screenshots/.

Needs GREENLIGHT_URL (a running `greenlight serve` with the flagship imported).
"""
import json
import os
import pathlib
import statistics

import pytest
from playwright.sync_api import sync_playwright

URL = os.environ.get("GREENLIGHT_URL", "http://127.0.0.1:8080/")
SHOTS = pathlib.Path(os.environ.get("GREENLIGHT_SCREENSHOTS", "out/screenshots"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SITES = int(os.environ.get("GREENLIGHT_SITES", "100000"))


@pytest.fixture(scope="module")
def page():
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        outside = []
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(URL.rstrip("/")) else None)
        page.goto(f"{URL}?sites={SITES}")
        page.wait_for_function("document.body.dataset.updates >= 1", timeout=60_000)
        yield page
        assert outside == [], f"the page fetched from elsewhere: {outside[:5]}"
        browser.close()


def set_date(page, date):
    index = page.evaluate(f"window.greenlight.dates.indexOf('{date}')")
    assert index >= 0, date
    before = int(page.evaluate("document.body.dataset.updates"))
    page.evaluate(f"(() => {{ const s = document.getElementById('date'); s.value = {index}; s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change')); }})()")
    page.wait_for_function(f"Number(document.body.dataset.updates) > {before}", timeout=30_000)
    return page.evaluate("window.greenlight.lastUpdateMs")


def click_site(page, status_digit):
    """Clicks the on-screen site with the given status (1 denied in range, 2 permitted in range)."""
    xy = page.evaluate(f"""(() => {{
        const m = document.querySelector('#map'); const r = m.getBoundingClientRect();
        const s = window.greenlight; const map = window.__map;
        for (let i = 0; i < s.sites.points.length; i++) {{
            if (s.status[i] !== '{status_digit}') continue;
            const p = map.latLngToContainerPoint(s.sites.points[i]);
            if (p.x > 380 && p.y > 40 && p.x < r.width - 260 && p.y < r.height - 40) return [r.left + p.x, r.top + p.y, i];
        }}
        return null; }})()""")
    assert xy, f"no site with status {status_digit} on screen"
    before = page.locator("#decision-text").inner_text()
    page.mouse.click(xy[0], xy[1])
    page.wait_for_function("t => document.getElementById('decision-text').innerText !== t", arg=before, timeout=15_000)
    return xy[2]


def test_map_loads_with_borders_zones_and_sites(page):
    assert page.locator(".leaflet-container").count() == 1
    assert page.locator(".leaflet-overlay-pane canvas").count() >= 1
    assert page.evaluate("window.greenlight.sites.points.length") == SITES
    assert page.evaluate("window.greenlight.status.length") == SITES
    text = page.locator("#stats").inner_text()
    assert "km²" in text
    page.screenshot(path=str(SHOTS / "web-map.png"))


def test_date_across_the_kursk_clearance_changes_the_explanation(page):
    page.select_option("#item", "atacms-m39a1")
    page.wait_for_timeout(200)
    before_date = page.evaluate("window.greenlight.dates[window.greenlight.dates.indexOf('2024-11-17') - 1]")
    assert before_date < "2024-11-17"
    set_date(page, before_date)
    permitted_before = page.locator("#permitted").inner_text()
    # A site in range that the US does not permit before 2024-11-17 (the ATACMS ban is in force until 2024-11-16).
    index = click_site(page, "1")
    before = page.locator("#decision-text").inner_text()
    assert "DENY" in before and "US" in before
    set_date(page, "2024-11-17")
    after_status = page.evaluate(f"window.greenlight.status[{index}]")
    # The panel re-decides the last target after each update; its text must follow the new date.
    page.wait_for_function("t => document.getElementById('decision-text').innerText !== t", arg=before, timeout=15_000)
    after = page.locator("#decision-text").inner_text()
    assert "2024-11-17" in after and after != before
    assert page.locator("#permitted").inner_text() != permitted_before
    page.screenshot(path=str(SHOTS / "web-map-2024-11-17.png"))
    print(json.dumps({"site": index, "status_after": after_status}))


def test_interactive_speed(page):
    times, details = [], []
    for date in ["2024-05-30", "2024-06-20", "2024-11-16", "2024-11-17", "2024-11-23", "2024-09-12"] * 2:
        if page.evaluate(f"window.greenlight.dates.indexOf('{date}')") < 0:
            continue
        times.append(set_date(page, date))
        details.append(page.evaluate("window.greenlight.timing"))
    times.sort()
    report = {"sites": SITES, "updates": len(times), "median_ms": statistics.median(times), "max_ms": max(times),
              "p90_ms": times[int(0.9 * (len(times) - 1))],
              "median_server_ms": statistics.median(d["server_ms"] for d in details),
              "median_fetch_ms": statistics.median(d["fetch_ms"] for d in details),
              "median_render_ms": statistics.median(d["render_ms"] for d in details)}
    print("interactive update times:", json.dumps(report))
    (SHOTS / "web-map-timing.json").write_text(json.dumps(report, indent=1))
    assert len(times) >= 8
