"""Confidence and human review: export → fill → import → re-score; stale decisions."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from scorer.cli import app
from scorer.decide import HIGH
from scorer.engine import score_file

from .conftest import SAMPLES

runner = CliRunner()
REPORT = "township_tongxi_2025.txt"


@pytest.fixture()
def batch(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(SAMPLES / REPORT, folder / REPORT)
    return folder


def _export(folder, out):
    result = runner.invoke(app, ["review", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return result


def test_decisions_carry_a_confidence_and_partial_ones_are_flagged(checklist):
    result = score_file(SAMPLES / REPORT, checklist)
    partial = [d for d in result.decisions if d.status == "partial" and d.element_id.startswith("lead.")]
    assert partial and all(d.confidence < HIGH and "slogan_only" in d.flags for d in partial)
    facts = [d for d in result.decisions if d.status == "met" and not d.flags]
    assert facts and all(d.confidence == HIGH for d in facts)


def test_export_lists_only_decisions_below_high_confidence(batch, tmp_path, checklist):
    out = tmp_path / "review.xlsx"
    _export(batch, out)
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][4] == "要素 element_id" and rows[0][11] == "复核结论 decision"
    result = score_file(batch / REPORT, checklist)
    expected = {d.element_id for d in result.decisions if d.confidence < HIGH}
    assert {r[4] for r in rows[1:]} == expected
    assert all(r[11] is None for r in rows[1:])


def _fill(out, element_id, status="met"):
    book = load_workbook(out)
    sheet = book.active
    for row in sheet.iter_rows(min_row=2):
        if row[4].value == element_id:
            row[11].value, row[12].value, row[13].value, row[14].value = status, "会议记录已核实", "张三", "2026-04-02"
    book.save(out)


def _export_and_decide_a_partial(folder, out) -> str:
    """Exports the review sheet and decides its first partial element as met; returns its id."""
    _export(folder, out)
    target = next(r[4] for r in list(load_workbook(out).active.iter_rows(values_only=True))[1:]
                  if r[6] == "partial")
    _fill(out, target)
    return target


def test_round_trip_applies_the_reviewers_decision_and_keeps_the_machine_status(batch, tmp_path):
    out, reviews = tmp_path / "review.xlsx", tmp_path / "reviews.yaml"
    target = _export_and_decide_a_partial(batch, out)
    imported = runner.invoke(app, ["review-import", str(out), "--reviews", str(reviews)])
    assert imported.exit_code == 0, imported.output
    assert "Imported 1 decision(s)" in imported.stdout

    before = json.loads(runner.invoke(app, ["score", str(batch), "--format", "json"]).stdout)["reports"][0]
    after = json.loads(runner.invoke(app, ["score", str(batch), "--format", "json", "--reviews", str(reviews)])
                       .stdout)["reports"][0]
    element = after["elements"][target]
    assert element["status"] == "met"
    assert element["review"] == {"reviewer": "张三", "date": "2026-04-02", "reason": "会议记录已核实",
                                 "machine_status": "partial"}
    assert after["score"] > before["score"]


def _decide_first_row(out, decision: list[str]) -> str:
    """Fills the first row of a CSV review sheet; returns its element id."""
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    rows[1][11:15] = decision
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return rows[1][4]


def test_review_of_a_changed_report_is_listed_not_applied(batch, tmp_path):
    out, reviews = tmp_path / "review.csv", tmp_path / "reviews.yaml"
    _export(batch, out)
    target = _decide_first_row(out, ["met", "核实", "李四", "2026-04-03"])
    assert runner.invoke(app, ["review-import", str(out), "--reviews", str(reviews)]).exit_code == 0
    report = batch / REPORT
    report.write_text(report.read_text(encoding="utf-8") + "\n附件：无。\n", encoding="utf-8")
    result = runner.invoke(app, ["score", str(batch), "--format", "json", "--reviews", str(reviews)])
    data = json.loads(result.stdout)
    assert "review" not in data["reports"][0]["elements"][target]
    assert [s["element_id"] for s in data["stale_reviews"]] == [target]
    assert "Stale review, not applied" in result.stderr


def test_bad_rows_are_refused_with_their_row_number(batch, tmp_path):
    out, reviews = tmp_path / "review.csv", tmp_path / "reviews.yaml"
    _export(batch, out)
    _decide_first_row(out, ["done", "", "", ""])
    result = runner.invoke(app, ["review-import", str(out), "--reviews", str(reviews)])
    assert result.exit_code == 2
    assert "row 2: 复核结论 'done' is not a status" in result.stderr
    assert not reviews.exists()


def test_chinese_status_labels_are_accepted(batch, tmp_path):
    out, reviews = tmp_path / "review.csv", tmp_path / "reviews.yaml"
    _export(batch, out)
    _decide_first_row(out, ["存在差距", "原文为整改要求", "王五", "2026-04-05"])
    assert runner.invoke(app, ["review-import", str(out), "--reviews", str(reviews)]).exit_code == 0
    assert "status: gap" in reviews.read_text(encoding="utf-8")


def test_gaps_and_explain_apply_the_reviews_too(batch, tmp_path):
    out, reviews = tmp_path / "review.xlsx", tmp_path / "reviews.yaml"
    target = _export_and_decide_a_partial(batch, out)
    assert runner.invoke(app, ["review-import", str(out), "--reviews", str(reviews)]).exit_code == 0
    report = str(batch / REPORT)
    def listed(*extra: str) -> set[str]:
        shown = json.loads(runner.invoke(app, ["gaps", report, "--format", "json", *extra]).stdout)
        return {i["element_id"] for items in shown["gaps"].values() for i in items}

    assert target in listed() and target not in listed("--reviews", str(reviews))
    explained = runner.invoke(app, ["explain", report, target, "--reviews", str(reviews)]).stdout
    assert "人工复核 by 张三 on 2026-04-02" in explained
