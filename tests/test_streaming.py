"""Batches stream: each report is written out as it is scored, only a compact summary of it
is kept, and the outputs are those of the whole batch rendered at once, whatever --jobs is."""

from __future__ import annotations

import csv
import datetime as dt
import json
import pickle
import shutil
from dataclasses import fields
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from scorer.batch import BatchSummary, ResultSpool, score_paths
from scorer.cli import app
from scorer.decide import Decision, Evidence
from scorer.ingest import find_reports
from scorer.outlines import bundled_checklists
from scorer.outputs import html, table, xlsx
from scorer.outputs.json_out import batch_dict
from scorer.outputs.office import Settings, matrix_table, office_batch, office_view, ranking_table
from scorer.rank import ReportSummary
from scorer.report_cli import write_office_outputs

runner = CliRunner()
BROKEN = "m_broken.txt"  # sorts between the samples: city…, county…, department…, | township…


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture()
def batch_dir(samples_dir, tmp_path) -> Path:
    """The four samples and, among them in file order, an empty file that cannot be scored."""
    folder = tmp_path / "in"
    shutil.copytree(samples_dir, folder)
    (folder / BROKEN).write_bytes(b"")
    return folder


def folder_files(folder: Path, suffixes: tuple[str, ...] = (".csv", ".json", ".md", ".html")) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.suffix in suffixes}


def test_results_json_is_the_whole_batch_dumped_at_once(samples_dir, checklist, tmp_path):
    result = run("score", samples_dir, "--out", tmp_path / "out", "-f", "json")
    assert result.exit_code == 0, result.output
    whole = score_paths([samples_dir], checklist)
    expected = json.dumps(batch_dict(whole, checklist), ensure_ascii=False, indent=2) + "\n"
    assert (tmp_path / "out" / "results.json").read_text(encoding="utf-8") == expected
    assert result.stdout == expected


def test_score_out_writes_the_same_files_whatever_jobs_is(batch_dir, tmp_path):
    for jobs in (1, 2):
        assert run("score", batch_dir, "--out", tmp_path / f"jobs{jobs}", "--jobs", jobs).exit_code == 1
    assert folder_files(tmp_path / "jobs1") == folder_files(tmp_path / "jobs2")


def test_a_bad_file_in_the_middle_leaves_every_other_report_written_and_is_listed(batch_dir, samples_dir,
                                                                                 tmp_path):
    samples = sorted(p.name for p in samples_dir.glob("*.txt"))
    out = tmp_path / "out"
    result = run("score", batch_dir, "--out", out, "-f", "csv", "--jobs", 2)
    assert result.exit_code == 1
    assert "Found 5 file(s): scored 4, failed 1." in result.stderr
    reports = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert [Path(r["file"]).name for r in reports["reports"]] == samples
    assert [Path(e["file"]).name for e in reports["errors"]] == [BROKEN]
    with (out / "errors.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert [Path(row["file"]).name for row in csv.DictReader(handle)] == [BROKEN]
    with (out / "results.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert sorted({Path(row["file"]).name for row in csv.DictReader(handle)}) == samples
    assert len(list(csv.reader(result.stdout.lstrip("\ufeff").splitlines()))) == len(
        list(csv.reader((out / "results.csv").read_text(encoding="utf-8-sig").splitlines())))


def test_report_writes_every_other_report_and_lists_the_bad_one(batch_dir, tmp_path):
    out = tmp_path / "out"
    result = run("report", batch_dir, "--out", out, "--no-history", "--jobs", 2)
    assert result.exit_code == 1
    assert len(list((out / "reports").glob("*.html"))) == 4
    assert len(list((out / "letters").glob("*.docx"))) == 4
    errors = json.loads((out / "tables" / "errors.json").read_text(encoding="utf-8"))["rows"]
    assert [Path(e["file"]).name for e in errors] == [BROKEN]
    assert BROKEN in (out / "index.html").read_text(encoding="utf-8")


def test_report_leaves_nothing_but_its_outputs_in_the_folder(samples_dir, tmp_path):
    out = tmp_path / "out"
    assert run("report", samples_dir, "--out", out, "--no-history").exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "letters", "ranking.xlsx", "reports", "tables"]


def test_report_writes_the_same_pages_letters_and_tables_whatever_jobs_is(samples_dir, tmp_path):
    for jobs in (1, 2):
        result = run("report", samples_dir, "--out", tmp_path / f"jobs{jobs}", "--no-history", "--jobs", jobs,
                     "--letter-date", "2026-04-20")
        assert result.exit_code == 0, result.output
    assert folder_files(tmp_path / "jobs1") == folder_files(tmp_path / "jobs2")


def test_the_streamed_report_equals_the_one_made_from_the_batch_held_whole(samples_dir, tmp_path):
    streamed = tmp_path / "streamed"
    result = run("report", samples_dir, "--out", streamed, "--no-history", "--letter-date", "2026-04-20")
    assert result.exit_code == 0, result.output
    whole = tmp_path / "whole"
    scoring = bundled_checklists()
    write_office_outputs(score_paths([samples_dir], scoring), scoring, Settings(dt.date(2026, 4, 20)), whole,
                         find_reports([samples_dir]))
    assert folder_files(streamed) == folder_files(whole)


def _objects(value: object, seen: set[int] | None = None):
    """Yields every object reachable from a value through dataclass fields and containers."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    yield value
    if hasattr(value, "__dataclass_fields__"):
        children = [getattr(value, f.name) for f in fields(value)]
    elif isinstance(value, dict):
        children = [*value.keys(), *value.values()]
    elif isinstance(value, (list, tuple, set)):
        children = list(value)
    else:
        children = []
    for child in children:
        yield from _objects(child, seen)


def test_what_a_batch_keeps_of_a_report_holds_no_evidence(samples_dir, checklist):
    batch = score_paths([samples_dir], checklist)
    summary = BatchSummary.of(batch, checklist)
    assert all(isinstance(r, ReportSummary) for r in summary.reports)
    kept = list(_objects(summary))
    assert not [o for o in kept if isinstance(o, (Decision, Evidence))]
    assert all(len(pickle.dumps(r)) < len(pickle.dumps(full)) / 10
               for r, full in zip(summary.reports, batch.results, strict=True))


def test_the_whole_batch_tables_and_the_index_need_no_full_result(samples_dir, checklist):
    batch = score_paths([samples_dir], checklist)
    asked: list[int] = []

    def load(key: int):
        asked.append(key)
        return batch.results[key]

    view = office_view(BatchSummary.of(batch, checklist), load, checklist, Settings(dt.date(2026, 4, 20)))
    for made in (ranking_table(view), matrix_table(view)):
        assert len(list(made.rows())) == 4
    assert "热力图" in html.index_page(view)
    assert asked == []


def test_the_spool_gives_back_each_result_whole_with_its_text(samples_dir, checklist, tmp_path):
    batch = score_paths([samples_dir], checklist)
    with ResultSpool(tmp_path) as spool:
        keys = [spool.put(r, f"text of {r.file}") for r in batch.results]
        assert keys == [0, 1, 2, 3]
        for key in (2, 0, 3, 1):
            assert spool.result(key) == batch.results[key]
            assert spool.text(key) == f"text of {batch.results[key].file}"
        assert any(d.considered for d in spool.result(0).decisions)
    assert list(tmp_path.iterdir()) == []


def test_a_sheet_longer_than_excel_allows_ends_with_a_row_saying_what_was_left_out(samples_dir, checklist,
                                                                                   tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_ROWS", 30)
    view = office_batch(score_paths([samples_dir], checklist), checklist, Settings(dt.date(2026, 4, 20)))
    xlsx.write_workbook(view, tmp_path)
    sheet = openpyxl.load_workbook(tmp_path / xlsx.FILE_NAME)["证据"]
    assert sheet.max_row == 30
    total = sum(len(d.considered or d.evidence) for u in view.units for d in u.result.decisions)
    left = total - 28  # the header and 28 rows fit above the note
    assert sheet.cell(row=30, column=1).value == (f"……另有{left}行超出Excel每张工作表30行的上限，未列入本表；"
                                                  "完整内容见 tables/evidence.csv")
    assert sheet.auto_filter.ref == "A1:L29"


@pytest.mark.parametrize("command", ["score", "rank"])
def test_a_long_terminal_table_is_printed_in_chunks_as_one_table(batch_dir, monkeypatch, command):
    whole = run(command, batch_dir)
    monkeypatch.setattr(table, "CHUNK", 1)  # four chunks of one row: first, middle, last
    chunked = run(command, batch_dir)
    assert whole.exit_code == chunked.exit_code == 1
    assert "无法评分的文件" in whole.stdout
    assert chunked.stdout == whole.stdout
