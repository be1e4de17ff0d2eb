"""`fazhi report` and `fazhi history` end to end: files written, summary, exit codes, history."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from scorer.report_cli import register

SAMPLE_COUNTY = "county_qinglan_2025.txt"


def previous_year_copy(sample: Path, target: Path) -> Path:
    """Writes the sample as the same issuer's report of the year before, without its 述法
    sentences (so that 述法 is newly met in the sample's year); returns the file."""
    text = sample.read_text(encoding="utf-8").replace("2025", "2024").replace("2026", "2025")
    kept = [line for line in text.split("\n") if "述法" not in line]
    target.write_text("\n".join(kept), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def fazhi() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def run(app: typer.Typer, *args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def reported(fazhi, samples_dir, tmp_path_factory):
    """Scores last year's copy of the county sample, then the four samples and one bad file."""
    root = tmp_path_factory.mktemp("report")
    db = root / "history.sqlite"
    earlier = root / "2024"
    earlier.mkdir()
    previous_year_copy(samples_dir / SAMPLE_COUNTY, earlier / "qinglan_2024.txt")
    first = run(fazhi, "report", earlier, "--out", root / "out2024", "--history-db", db)
    batch = root / "2025"
    shutil.copytree(samples_dir, batch)
    (batch / "scan.xyz").write_bytes(b"\x00\x01")
    result = run(fazhi, "report", batch, "--out", root / "out", "--history-db", db,
                 "--letter-date", "2026-04-20", "--office", "青岚县委依法治县办")
    return root, first, result


def test_report_exits_1_when_a_file_failed_and_counts_files_last(reported):
    _, first, result = reported
    assert first.exit_code == 0, first.output
    assert result.exit_code == 1, result.output
    assert result.stderr.strip().splitlines()[-1] == "Found 5 file(s): scored 4, failed 1."


def test_report_summary_says_where_every_output_went(reported):
    root, _, result = reported
    assert (f"Wrote 32 file(s) to {root / 'out'}/: ranking.xlsx; index.html and 4 report page(s) in reports/; "
            "4 letter(s) as .docx and .md in letters/; 18 table file(s) (CSV, JSON) in tables/.") in result.stderr
    assert f"History: {root / 'history.sqlite'} (kept 4 report(s); 1 compared with an earlier year)." in result.stderr


def test_report_writes_workbook_pages_letters_and_tables(reported):
    out = reported[0] / "out"
    assert (out / "ranking.xlsx").is_file() and (out / "index.html").is_file()
    assert len(list((out / "reports").glob("*.html"))) == 4
    assert sorted(p.suffix for p in (out / "letters").iterdir()) == [".docx"] * 4 + [".md"] * 4
    assert (out / "tables" / "ledger.csv").is_file() and (out / "tables" / "ledger.json").is_file()


def test_history_shows_the_change_against_the_previous_year(fazhi, reported):
    db = reported[0] / "history.sqlite"
    result = run(fazhi, "history", "青岚县人民政府", "--history-db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    years = json.loads(result.stdout)["years"]
    assert [y["year"] for y in years] == [2024, 2025]
    assert years[0]["change"] is None
    change = years[1]["change"]
    assert change["previous_year"] == 2024
    assert change["score_delta"] == round(years[1]["score"] - years[0]["score"], 1)
    assert "lead.shufa" in change["newly_met"]


def test_history_table_names_the_elements_in_chinese(fazhi, reported):
    result = run(fazhi, "history", "青岚县人民政府", "--history-db", reported[0] / "history.sqlite")
    assert result.exit_code == 0, result.output
    assert "述法" in result.stdout and "2024" in result.stdout and "2025" in result.stdout


def test_reporting_the_same_batch_again_replaces_rather_than_duplicates(fazhi, samples_dir, tmp_path):
    db = tmp_path / "h.sqlite"
    for _ in range(2):
        assert run(fazhi, "report", samples_dir / SAMPLE_COUNTY, "--out", tmp_path / "out",
                   "--history-db", db).exit_code == 0
    years = json.loads(run(fazhi, "history", "青岚县人民政府", "--history-db", db, "-f", "json").stdout)["years"]
    assert len(years) == 1


def test_history_of_an_ambiguous_name_lists_the_candidates(fazhi, reported):
    result = run(fazhi, "history", "青岚县", "--history-db", reported[0] / "history.sqlite")
    assert result.exit_code == 2
    assert "matches several issuers" in result.stderr and "青岚县市场监督管理局" in result.stderr


def test_history_of_an_unknown_issuer_is_a_clear_error(fazhi, reported):
    result = run(fazhi, "history", "白水县人民政府", "--history-db", reported[0] / "history.sqlite")
    assert result.exit_code == 2
    assert "No report of '白水县人民政府'" in result.stderr


def test_history_without_a_database_says_how_to_make_one(fazhi, tmp_path):
    result = run(fazhi, "history", "青岚县人民政府", "--history-db", tmp_path / "none.sqlite")
    assert result.exit_code == 2
    assert "No history database at" in result.stderr and "fazhi report" in result.stderr


def test_a_history_file_that_is_not_a_database_stops_before_scoring(fazhi, samples_dir, tmp_path):
    bad = tmp_path / "h.sqlite"
    bad.write_text("not a database at all " * 100, encoding="utf-8")
    result = run(fazhi, "report", samples_dir, "--out", tmp_path / "out", "--history-db", bad)
    assert result.exit_code == 2
    assert "h.sqlite: not a usable history database" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_bad_letter_date_is_refused(fazhi, samples_dir, tmp_path):
    result = run(fazhi, "report", samples_dir, "--out", tmp_path, "--no-history", "--letter-date", "20.4.2026")
    assert result.exit_code == 2
    assert "--letter-date '20.4.2026' is not a date" in result.stderr


def test_a_report_on_an_older_year_gets_its_own_outline_in_its_letter(fazhi, samples_dir, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = (samples_dir / SAMPLE_COUNTY).read_text(encoding="utf-8")
    (folder / "q2019.txt").write_text(text.replace("2025", "2019").replace("2026", "2020"), encoding="utf-8")
    shutil.copy(samples_dir / "township_tongxi_2025.txt", folder)
    result = run(fazhi, "report", folder, "--out", tmp_path / "out", "--no-history")
    assert result.exit_code == 0, result.output
    older = (tmp_path / "out" / "letters" / "青岚县人民政府-2019.md").read_text(encoding="utf-8")
    newer = (tmp_path / "out" / "letters" / "桐溪镇人民政府-2025.md").read_text(encoding="utf-8")
    assert "《法治政府建设实施纲要（2015—2020年）》" in older
    assert "《法治政府建设实施纲要（2021—2025年）》" in newer


def test_no_history_leaves_no_database(fazhi, samples_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(fazhi, "report", samples_dir / SAMPLE_COUNTY, "--out", "out", "--no-history")
    assert result.exit_code == 0, result.output
    assert "History: not used (--no-history)." in result.stderr
    assert not (tmp_path / "fazhi-history.sqlite").exists()
