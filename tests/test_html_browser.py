"""The HTML pages in a real headless browser (Debian's chromium and chromium-driver, which
.ci/run installs): no console errors, one ranking row per report, and clicking an element
scrolls to and highlights its evidence."""

from __future__ import annotations

import shutil
import tempfile

import pytest

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is in the test extra: pip install '.[test]'")
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="Debian's chromium and chromium-driver are not installed (.ci/run installs them)")


@pytest.fixture(scope="module")
def browser():
    profile = tempfile.mkdtemp(prefix="fazhi-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 f"--user-data-dir={profile}", "--window-size=1280,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def console_errors(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def unit_page(site, issuer: str) -> str:
    folder, view = site
    unit = next(u for u in view.units if u.issuer == issuer)
    return (folder / "reports" / f"{unit.slug}.html").as_uri()


def test_the_index_loads_without_console_errors(browser, site):
    browser.get((site[0] / "index.html").as_uri())
    assert browser.title == "法治政府建设年度报告评估总览"
    assert console_errors(browser) == []


def test_the_ranking_table_has_one_row_per_report(browser, site):
    browser.get((site[0] / "index.html").as_uri())
    rows = browser.find_elements(By.CSS_SELECTOR, "table#ranking tbody tr")
    assert [r.find_elements(By.TAG_NAME, "td")[1].text for r in rows] == [u.issuer for u in site[1].units]


def test_a_report_page_loads_without_console_errors(browser, site):
    browser.get(unit_page(site, "桐溪镇人民政府"))
    assert browser.find_elements(By.CSS_SELECTOR, "mark.ev")
    assert console_errors(browser) == []


def in_view(browser, element) -> bool:
    return browser.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return r.top >= 0 && r.bottom <= window.innerHeight;", element)


def test_clicking_an_element_scrolls_to_and_highlights_its_evidence(browser, site):
    browser.get(unit_page(site, "桐溪镇人民政府"))
    browser.find_element(By.CSS_SELECTOR, 'button.el[data-el="lead.shufa"]').click()
    target = browser.find_element(By.CSS_SELECTOR, "mark.ev.flash")
    assert "lead.shufa" in target.get_attribute("data-els").split()
    assert "active" in target.get_attribute("class").split()
    assert in_view(browser, target)
    assert "述法" in browser.find_element(By.ID, "detail").text
    marked = browser.find_elements(By.CSS_SELECTOR, "mark.ev.active")
    assert marked and all("lead.shufa" in m.get_attribute("data-els").split() for m in marked)
    assert console_errors(browser) == []


def test_clicking_a_missing_element_scrolls_to_its_gap_list_entry(browser, site):
    browser.get(unit_page(site, "桐溪镇人民政府"))
    browser.find_element(By.CSS_SELECTOR, 'button.el[data-el="part.shortcomings"]').click()
    entry = browser.find_element(By.ID, "gap-part.shortcomings")
    assert "active" in entry.get_attribute("class").split()
    assert in_view(browser, entry)


def test_a_heat_map_cell_opens_the_report_at_its_element(browser, site):
    browser.get((site[0] / "index.html").as_uri())
    browser.find_element(By.CSS_SELECTOR, 'table#heatmap a[href$="#el=lead.shufa"]').click()
    active = browser.find_element(By.CSS_SELECTOR, "button.el.active")
    assert active.get_attribute("data-el") == "lead.shufa"
    assert console_errors(browser) == []
