"""The history database: keyed by issuer and year, replace on re-scoring, versioned schema,
the change against the previous year."""

from __future__ import annotations

import sqlite3

import pytest

from scorer.engine import score_text
from scorer.store import SCHEMA_VERSION, HistoryError, compare, default_db_path, open_history


def make_report(issuer: str, year: int, *achievements: str) -> str:
    """Returns a small fictional report of `issuer` for `year` with the given sentences."""
    body = "\n".join(achievements)
    return (f"{issuer}关于{year}年度法治政府建设情况的报告\n一、主要举措和成效\n{body}\n"
            f"二、存在的不足和原因\n部分单位学法不深，主要原因是重视不够。\n三、{year + 1}年工作安排\n"
            f"制定重大行政决策事项目录。\n特此报告。\n{issuer}\n{year + 1}年3月20日\n")


SHUFA = "组织8个部门主要负责人现场述法。"
REVIEW = "全年审核规范性文件12件。"


@pytest.fixture()
def db(tmp_path):
    with open_history(tmp_path / "history.sqlite") as history:
        yield history


def test_a_new_database_is_created_at_the_current_schema_version(tmp_path):
    path = tmp_path / "sub" / "h.sqlite"
    open_history(path).close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"reports", "element_status"} <= tables


def test_a_database_from_a_newer_fazhi_is_refused_untouched(tmp_path):
    path = tmp_path / "h.sqlite"
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(HistoryError, match="newer than this fazhi"):
        open_history(path)
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0


def test_a_file_that_is_not_a_database_is_an_error_naming_it(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("这不是数据库" * 200, encoding="utf-8")
    with pytest.raises(HistoryError, match="notes.sqlite: not a usable history database"):
        open_history(path)


def test_the_default_path_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("FAZHI_HISTORY_DB", raising=False)
    assert str(default_db_path()) == "fazhi-history.sqlite"
    monkeypatch.setenv("FAZHI_HISTORY_DB", str(tmp_path / "office.sqlite"))
    assert default_db_path() == tmp_path / "office.sqlite"


def test_rescoring_the_same_report_replaces_its_row(db, checklist):
    first = score_text(make_report("青山县人民政府", 2025, REVIEW), checklist, file="a.txt")
    again = score_text(make_report("青山县人民政府", 2025, REVIEW, SHUFA), checklist, file="a.txt")
    db.record([first])
    db.record([again])
    entries = db.entries("青山县人民政府")
    assert [(e.year, e.score) for e in entries] == [(2025, again.score)]
    assert db.connection.execute("SELECT count(*) FROM element_status").fetchone()[0] == len(checklist.elements)


def test_change_against_the_previous_year_gives_score_rank_and_elements_met_or_lost(db, checklist):
    db.record([score_text(make_report("青山县人民政府", 2024, REVIEW), checklist, file="q24.txt"),
               score_text(make_report("白水县人民政府", 2024, REVIEW, SHUFA), checklist, file="b24.txt"),
               score_text(make_report("青山县人民政府", 2025, SHUFA), checklist, file="q25.txt"),
               score_text(make_report("白水县人民政府", 2025, REVIEW), checklist, file="b25.txt")])
    change = db.change("青山县人民政府", 2025)
    assert (change.previous_year, change.previous_rank, change.rank) == (2024, 2, 1)
    assert change.rank_delta == 1
    assert "lead.shufa" in change.newly_met and "lead.shufa" not in change.lost
    assert change.lost == ("rules.normative_doc_review",)
    entries = db.entries("青山县人民政府")
    assert change.score_delta == round(entries[1].score - entries[0].score, 1)


def test_the_first_year_of_an_issuer_has_no_change(db, checklist):
    db.record([score_text(make_report("青山县人民政府", 2025, SHUFA), checklist, file="q25.txt")])
    assert db.change("青山县人民政府", 2025) is None


def test_equal_scores_share_a_rank_within_a_year(db, checklist):
    db.record([score_text(make_report(name, 2025, SHUFA), checklist, file=f"{name}.txt")
               for name in ("青山县人民政府", "白水县人民政府", "红石县人民政府")])
    assert {e.rank for name in ("青山县人民政府", "白水县人民政府") for e in db.entries(name)} == {1}


def test_a_report_without_issuer_or_year_is_not_kept_and_says_so(db, checklist):
    undated = score_text("关于法治政府建设情况的报告\n一、主要举措和成效\n" + SHUFA, checklist, file="x.txt")
    skipped = db.record([undated])
    assert [(s.file, s.reason) for s in skipped] == [("x.txt", "not kept in history: no issuer recognised")]
    assert db.issuers() == []


def test_two_reports_of_one_issuer_and_year_in_a_batch_keep_the_later_and_say_so(db, checklist):
    skipped = db.record([score_text(make_report("青山县人民政府", 2025, REVIEW), checklist, file="old.txt"),
                         score_text(make_report("青山县人民政府", 2025, SHUFA), checklist, file="new.txt")])
    assert [e.file for e in db.entries("青山县人民政府")] == ["new.txt"]
    assert "replaced in history by new.txt" in skipped[0].reason


def test_compare_ignores_elements_one_checklist_lacks(db, checklist):
    db.record([score_text(make_report("青山县人民政府", 2024, REVIEW), checklist, file="q24.txt"),
               score_text(make_report("青山县人民政府", 2025, SHUFA), checklist, file="q25.txt")])
    old, new = db.entries("青山县人民政府")
    del old.statuses["lead.shufa"]
    assert "lead.shufa" not in compare(old, new).newly_met
