"""index.html and the report pages as files: self-contained, evidence marked, anchors valid.

The behaviour in a real browser is in test_html_browser.py.
"""

from __future__ import annotations

import json
import re
from html import unescape

from scorer.outputs.html import (
    group_bars_svg,
    histogram_svg,
    report_page,
)


def page(site, issuer: str) -> str:
    folder, view = site
    unit = next(u for u in view.units if u.issuer == issuer)
    return (folder / "reports" / f"{unit.slug}.html").read_text(encoding="utf-8")


def element_data(html: str) -> dict:
    raw = re.search(r'<script type="application/json" id="element-data">(.*?)</script>', html, re.DOTALL).group(1)
    return json.loads(raw.replace("<\\/", "</"))


def test_pages_fetch_nothing_from_the_network(site):
    folder, _ = site
    for path in [folder / "index.html", *(folder / "reports").glob("*.html")]:
        html = path.read_text(encoding="utf-8")
        links = re.findall(r'(?:src|href)="([^"]*)"', html)
        assert links and all(not re.match(r"(?:https?:)?//", link) for link in links), path.name
        assert "@import" not in html and "url(http" not in html


def test_the_index_ranking_has_one_row_per_report_linking_to_its_page(site):
    folder, view = site
    html = (folder / "index.html").read_text(encoding="utf-8")
    table = re.search(r'<table class="data" id="ranking">.*?</table>', html, re.DOTALL).group(0)
    links = re.findall(r'<tr><td class="num">\d+</td><td><a href="reports/([^"]+)\.html">', table)
    assert links == [u.slug for u in view.units]


def test_every_decisive_sentence_is_marked_and_labelled_with_its_element(site):
    html = page(site, "青岚县人民政府")
    _, view = site
    result = next(u.result for u in view.units if u.issuer == "青岚县人民政府")
    marks = {unescape(text): els.split() for els, text in
             re.findall(r'<mark class="ev k-\w+" id="[^"]+" data-els="([^"]+)">(.*?)</mark>', html)}
    shufa = result.decision("lead.shufa")
    assert shufa.status == "met"
    for evidence in shufa.evidence:
        assert any(evidence.text in text and "lead.shufa" in els for text, els in marks.items())
    assert re.search(r'<span class="tag k-met decisive" data-el="lead\.shufa">述法</span>', html)


def test_every_element_jumps_to_an_anchor_that_exists(site):
    html = page(site, "桐溪镇人民政府")
    data = element_data(html)
    ids = set(re.findall(r' id="([^"]+)"', html))
    assert all(info["target"] in ids for info in data.values())
    assert data["lead.shufa"]["target"].startswith("s")  # planned evidence, marked in the text
    assert data["part.shortcomings"]["target"] == "gap-part.shortcomings"  # missing: its gap-list entry


def test_the_report_page_shows_the_gap_list_with_requirements(site, checklist):
    html = page(site, "桐溪镇人民政府")
    element = checklist.element("part.shortcomings")
    entry = re.search(r'<li id="gap-part\.shortcomings">(.*?)</li>', html, re.DOTALL).group(1)
    assert unescape(element.requirement) in unescape(entry) and "报告缺少“存在的不足和原因”部分。" in unescape(entry)


def test_a_report_whose_text_cannot_be_read_again_says_so(site):
    _, view = site
    view.texts.pop(view.units[0].result.file)
    assert "原文无法显示" in report_page(view.units[0], view)


def test_the_histogram_counts_reports_per_ten_points():
    svg = histogram_svg([93.8, 93.5, 77.9, 69.0, 100.0])
    assert re.findall(r"<title>(\d+–\d+ 分：\d+ 份)</title>", svg)[-3:] == ["70–79 分：1 份", "80–89 分：0 份",
                                                                       "90–100 分：3 份"]


def test_group_bars_draw_the_batch_average_as_a_tick():
    svg = group_bars_svg([("行政执法", 80.0, 60.0), ("行政决策", 50.0, None)])
    assert svg.count("<title>全批平均 60.0</title>") == 1
    assert "<title>行政决策：50.0</title>" in svg
