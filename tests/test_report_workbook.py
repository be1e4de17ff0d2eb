"""ranking.xlsx read back with openpyxl, and the same tables as CSV and JSON."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from statistics import mean

import openpyxl
import pytest

from scorer.batch import score_paths
from scorer.ingest import find_reports
from scorer.outputs.office import Settings
from scorer.outputs.xlsx import STATUS_FILLS, text_width
from scorer.report_cli import keep_history, write_office_outputs
from scorer.store import open_history
from tests.test_report_cli import SAMPLE_COUNTY, previous_year_copy

LETTER_DAY = dt.date(2026, 4, 20)
SHEETS = ["排名", "分组排名", "要素矩阵", "缺项清单", "共性问题", "证据", "错误", "评分模型"]


@pytest.fixture(scope="module")
def made(checklist, samples_dir, tmp_path_factory):
    """The four samples, a second copy of the township report (a tie), one unreadable file,
    and last year's county report in the history; returns (folder, batch, workbook)."""
    root = tmp_path_factory.mktemp("workbook")
    folder = root / "in"
    shutil.copytree(samples_dir, folder)
    shutil.copy(folder / "township_tongxi_2025.txt", folder / "township_tongxi_copy.txt")
    (folder / "scan.xyz").write_bytes(b"\x00\x01")
    with open_history(root / "h.sqlite") as db:
        earlier = previous_year_copy(samples_dir / SAMPLE_COUNTY, root / "q2024.txt")
        keep_history(db, score_paths([earlier], checklist))
        batch = score_paths([folder], checklist)
        changes, notes = keep_history(db, batch)
    settings = Settings(LETTER_DAY, 15, "青岚县委依法治县办", str(root / "h.sqlite"))
    out = root / "out"
    write_office_outputs(batch, checklist, settings, out, find_reports([folder]), changes, notes)
    return out, batch, openpyxl.load_workbook(out / "ranking.xlsx")


def rows_of(ws, header_row: int = 1) -> list[dict]:
    header = [c.value for c in ws[header_row]]
    return [dict(zip(header, (c.value for c in row), strict=True))
            for row in ws.iter_rows(min_row=header_row + 1) if row[0].value is not None]


def test_the_workbook_has_the_office_sheets_in_order(made):
    assert made[2].sheetnames == SHEETS


def test_ranking_has_one_row_per_report_with_chinese_headers(made):
    _, batch, book = made
    rows = rows_of(book["排名"])
    assert len(rows) == len(batch.results) == 5
    assert [c.value for c in book["排名"][1]][:11] == [
        "排名", "单位", "类型", "组别", "组内排名", "组内单位数", "年度", "得分", "得分率(%)", "组平均得分率(%)", "全批平均得分率(%)"]


def test_equal_scores_share_a_rank_and_the_next_rank_is_skipped(made):
    rows = rows_of(made[2]["排名"])
    township = [r for r in rows if r["单位"] == "桐溪镇人民政府"]
    assert len(township) == 2 and township[0]["排名"] == township[1]["排名"] == 4
    assert township[0]["组内排名"] == township[1]["组内排名"] == 1


def test_groups_are_ranked_apart_with_their_average_beside_the_batch_average(made):
    rows = rows_of(made[2]["排名"])
    government = [r["得分率(%)"] for r in rows if r["组别"] == "政府"]
    assert {r["组平均得分率(%)"] for r in rows if r["组别"] == "政府"} == {round(mean(government), 1)}
    assert {r["全批平均得分率(%)"] for r in rows} == {round(mean(r["得分率(%)"] for r in rows), 1)}
    department = next(r for r in rows if r["组别"] == "部门")
    assert (department["组内排名"], department["组内单位数"]) == (1, 1)
    grouped = rows_of(made[2]["分组排名"])
    assert [r["组别"] for r in grouped] == ["政府", "政府", "乡镇（街道）", "乡镇（街道）", "部门"]


def test_the_ranking_shows_the_change_against_the_previous_year(made):
    county = next(r for r in rows_of(made[2]["排名"]) if r["单位"] == "青岚县人民政府")
    assert county["上年度"] == 2024
    assert county["得分变化"] == round(county["得分"] - county["上年得分"], 1)
    assert "述法" in county["新落实要素"]
    others = [r for r in rows_of(made[2]["排名"]) if r["单位"] != "青岚县人民政府"]
    assert all(r["上年度"] is None for r in others)


def test_headers_are_frozen_and_columns_fit_chinese_names(made):
    ws = made[2]["排名"]
    assert ws.freeze_panes == "C2"
    assert ws.column_dimensions["B"].width >= text_width("青岚县市场监督管理局")
    assert ws["A1"].fill.fill_type == "solid" and ws["A1"].font.bold


def test_the_workbook_uses_only_plain_fills(made):
    for ws in made[2].worksheets:
        assert not ws.conditional_formatting, ws.title
        assert not ws.data_validations.dataValidation, ws.title


def test_the_matrix_shows_each_status_as_colour_and_text(made, checklist):
    ws = made[2]["要素矩阵"]
    assert ws.freeze_panes == "C3"
    assert ws.cell(row=1, column=4).value == "法定组成部分"  # the group band over the elements
    header = [c.value for c in ws[2]]
    column = header.index(checklist.element("part.shortcomings").name) + 1
    township_row = next(r for r in range(3, ws.max_row + 1) if ws.cell(row=r, column=2).value == "桐溪镇人民政府")
    cell = ws.cell(row=township_row, column=column)
    assert cell.value == "未提及"
    assert cell.fill.fgColor.rgb.endswith(STATUS_FILLS["missing"])


def test_the_ledger_has_a_row_per_missing_planned_or_gap_element(made, checklist):
    _, batch, book = made
    rows = rows_of(book["缺项清单"])
    expected = sum(1 for r in batch.results for d in r.decisions
                   if d.status in ("missing", "planned", "gap") and checklist.element(d.element_id).weight > 0)
    assert len(rows) == expected
    assert {r["问题类型"] for r in rows} == {"未提及", "仅列计划", "存在差距"}


def test_a_ledger_row_reads_as_a_rectification_entry(made, checklist):
    rows = rows_of(made[2]["缺项清单"])
    row = next(r for r in rows if r["单位"] == "桐溪镇人民政府" and r["element_id"] == "part.shortcomings")
    element = checklist.element("part.shortcomings")
    assert row["存在问题"] == "报告缺少“存在的不足和原因”部分。"
    assert (row["要求"], row["依据"], row["责任单位"]) == (element.requirement, element.source, "桐溪镇人民政府")
    assert row["整改时限"].date() == LETTER_DAY + dt.timedelta(days=15)
    assert row["整改情况"] is None


def test_common_problems_are_counted_and_listed_most_frequent_first(made):
    _, batch, book = made
    rows = rows_of(book["共性问题"])
    assert rows
    for row in rows:
        missed = sum(1 for r in batch.results if r.decision(row["element_id"]).status in ("missing", "planned", "gap"))
        assert row["缺项单位数"] == missed >= 2
    by_group: dict[str, list[int]] = {}
    for row in rows:
        by_group.setdefault(row["大类"], []).append(row["缺项单位数"])
    assert all(counts == sorted(counts, reverse=True) for counts in by_group.values())
    totals = [sum(v) for v in by_group.values()]
    assert totals == sorted(totals, reverse=True)


def test_the_evidence_sheet_holds_every_matched_sentence(made):
    _, batch, book = made
    rows = rows_of(book["证据"])
    county = next(r for r in batch.results if r.meta.issuer == "青岚县人民政府")
    shufa = county.decision("lead.shufa")
    listed = [r["原文"] for r in rows if r["单位"] == "青岚县人民政府" and r["element_id"] == "lead.shufa"]
    assert listed == [e.text for e in shufa.considered]


def test_the_errors_sheet_names_the_unreadable_file(made):
    rows = rows_of(made[2]["错误"])
    assert len(rows) == 1 and rows[0]["文件"].endswith("scan.xyz") and rows[0]["原因"]


def test_the_scoring_model_has_a_sheet_of_its_own(made, checklist):
    ws = made[2]["评分模型"]
    items = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(2, 16)}
    assert f"部分落实 {checklist.partial_credit:g}" in items["要素得分"]
    assert "同分同名次" in items["排名"]
    assert sum(1 for row in ws.iter_rows() if row[0].value in {e.id for e in checklist.elements}) == len(checklist.elements)


def test_csv_tables_are_utf8_sig_with_chinese_headers(made):
    raw = (made[0] / "tables" / "ranking.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").split("\r\n")[0].startswith("排名,单位,类型,组别,组内排名")


def test_json_tables_keep_english_ids_beside_the_labels(made):
    _, batch, _ = made
    table = json.loads((made[0] / "tables" / "matrix.json").read_text(encoding="utf-8"))
    assert table["columns"]["lead.shufa"] == "述法"
    assert len(table["rows"]) == len(batch.results)
    assert {row["part.achievements"] for row in table["rows"]} <= {"met", "partial", "missing"}
