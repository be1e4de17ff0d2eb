"""The `fazhi` command line, end to end on real files."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from typer.testing import CliRunner

from scorer.catalogue import REQUIRED_IDS, STATUSES
from scorer.cli import app
from scorer.resources import default_checklist_path

from .conftest import GOLD, SAMPLES

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture()
def batch_dir(tmp_path):
    for path in SAMPLES.glob("*.txt"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def test_score_json_follows_the_contract():
    result = run("score", SAMPLES, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["errors"] == []
    assert len(data["reports"]) == 4
    for report in data["reports"]:
        assert {"file", "title", "issuer", "year", "date", "profile", "score", "elements"} <= set(report)
        assert set(REQUIRED_IDS) <= set(report["elements"])
        for element in report["elements"].values():
            assert element["status"] in STATUSES
            assert {"status", "score", "weight", "evidence"} <= set(element)
            assert all(set(e) >= {"text", "part"} for e in element["evidence"])
            if element["status"] in ("met", "partial", "planned"):
                assert element["evidence"], element
    county = next(r for r in data["reports"] if r["file"].endswith("county_qinglan_2025.txt"))
    assert (county["issuer"], county["year"], county["date"], county["profile"]) == (
        "青岚县人民政府", 2025, "2026-03-20", "county")


def test_unreadable_files_are_listed_and_the_rest_scored(batch_dir):
    (batch_dir / "empty.txt").write_bytes(b"")
    (batch_dir / "notes.xyz").write_text("hello", encoding="utf-8")
    result = run("score", batch_dir, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert len(data["reports"]) == 4
    errors = {e["file"].split("/")[-1]: e["error"] for e in data["errors"]}
    assert set(errors) == {"empty.txt", "notes.xyz"}
    assert "empty" in errors["empty.txt"]
    assert "unsupported file type '.xyz'" in errors["notes.xyz"]
    assert "Found 6 file(s): scored 4, failed 2." in result.stderr


def test_out_writes_every_format_and_csv_opens_in_excel(batch_dir, tmp_path):
    out = tmp_path / "out"
    result = run("score", batch_dir, "--out", out)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["errors.csv", "ranking.csv", "ranking.md", "results.csv", "results.json", "results.md"]
    raw = (out / "ranking.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][:5] == ["排名", "单位", "类型", "年度", "得分"]
    assert len(rows) == 5


def test_rank_puts_equal_scores_on_one_rank(batch_dir):
    shutil.copy(batch_dir / "county_qinglan_2025.txt", batch_dir / "county_copy.txt")
    result = run("rank", batch_dir, "--format", "json")
    ranking = json.loads(result.stdout)["ranking"]
    scores = [r["score"] for r in ranking]
    assert scores == sorted(scores, reverse=True)
    assert [r["rank"] for r in ranking] == [1 + sum(s > r["score"] for s in scores) for r in ranking]
    copies = [r for r in ranking if r["issuer"] == "青岚县人民政府"]
    assert len(copies) == 2 and copies[0]["rank"] == copies[1]["rank"]


def test_gaps_lists_missing_parts_with_requirement_and_source():
    result = run("gaps", SAMPLES / "township_tongxi_2025.txt")
    assert result.exit_code == 0, result.output
    assert "法定组成部分" in result.stdout
    assert "[未提及] 上一年度推进法治政府建设存在的不足和原因 (part.shortcomings)" in result.stdout
    assert "依据: 督察规定" in result.stdout


def test_explain_shows_rule_sentences_and_reason():
    result = run("explain", SAMPLES / "county_qinglan_2025.txt", "lead.shufa")
    assert result.exit_code == 0, result.output
    assert "Rule:" in result.stdout and "述法" in result.stdout
    assert "Status: met" in result.stdout
    assert "Sentences matched" in result.stdout


def test_explain_unknown_element_is_bad_usage():
    result = run("explain", SAMPLES / "county_qinglan_2025.txt", "lead.nothing")
    assert result.exit_code == 2
    assert "Unknown element id 'lead.nothing'" in result.stderr


def test_checklist_validate_accepts_the_default():
    result = run("checklist", "validate")
    assert result.exit_code == 0, result.output
    assert "valid — fazhi-default v1.0 (2021–2025), 65 elements" in result.stdout


def test_broken_checklist_refuses_to_score_and_names_the_line(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(default_checklist_path().read_text(encoding="utf-8").replace(
        "any: [述法, 述职述法", "any: [$nope, 述职述法", 1), encoding="utf-8")
    for args in (("checklist", "validate", broken), ("score", SAMPLES, "--checklist", broken)):
        result = run(*args)
        assert result.exit_code == 2
        assert f"{broken}:" in result.stderr and "unknown vocabulary '$nope'" in result.stderr


def test_example_that_fails_makes_the_checklist_invalid(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(default_checklist_path().read_text(encoding="utf-8").replace(
        '{status: missing, text: "律师当庭陈述法定理由。"}', '{status: missing, text: "组织现场述法5次。"}', 1),
        encoding="utf-8")
    for args in (("checklist", "validate", broken), ("score", SAMPLES, "--checklist", broken)):
        result = run(*args)
        assert result.exit_code == 2
        assert "lead.shufa: example expected missing, scorer says met" in result.stderr


def test_checklist_show_lists_every_element():
    result = run("checklist", "show")
    assert result.exit_code == 0
    for element_id in ("part.first_responsible", "digital.smart_enforcement"):
        assert element_id in result.stdout


def test_profile_override_is_checked_and_applied():
    assert run("score", SAMPLES, "--profile", "village").exit_code == 2
    result = run("score", SAMPLES / "county_qinglan_2025.txt", "--format", "json", "--profile", "department")
    report = json.loads(result.stdout)["reports"][0]
    assert report["profile"] == "department"
    assert report["elements"]["enforce.system_reform"]["status"] == "not_applicable"


def test_evaluate_prints_scorer_and_baseline_figures():
    result = run("evaluate", GOLD / "samples", "--reports", SAMPLES, "-q")
    assert result.exit_code == 0, result.output
    assert "Evaluated 4 reports, 260 element decisions." in result.stdout
    assert "Ctrl-F baseline" in result.stdout and "met F1" in result.stdout


def test_empty_folder_is_bad_usage(tmp_path):
    result = run("score", tmp_path)
    assert result.exit_code == 2
    assert "No report files found" in result.stderr


def test_csv_on_stdout_opens_in_excel():
    result = run("rank", SAMPLES, "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.startswith("\ufeff排名,单位,类型")
