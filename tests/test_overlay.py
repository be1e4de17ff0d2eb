"""Overlays: adapting the checklist without editing it, and choosing it by reporting year."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from scorer.checklist import ChecklistError, load_checklist
from scorer.cli import app
from scorer.engine import score_text
from scorer.outlines import bundled_checklists
from scorer.resources import default_checklist_path

from .conftest import SAMPLES

BASE = default_checklist_path()
runner = CliRunner()

OVERLAY = f"""extends: {BASE}
checklist: {{id: yunze-2025, version: "2.1", title: 云泽市法治政府建设年度报告评分细则}}
deadlines: {{department: "02-15"}}
change:
  lead.shufa:
    weight: 5
    add_terms: [述责述法]
  func.fair_competition: {{applies: [city, county]}}
disable:
  lead.demonstration: 本市不开展示范创建评比
groups:
  local: {{name: 本市特色, source: 云泽市实施方案}}
elements:
  - id: local.village_advisers
    name: 村（居）法律顾问全覆盖
    group: local
    weight: 2
    applies: [county, township]
    source: 云泽市实施方案
    requirement: 村（居）法律顾问覆盖率达到100%
    rule: {{any: [村(居)法律顾问]}}
    examples:
      - {{status: met, text: "村(居)法律顾问覆盖率达到100%。"}}
      - {{status: missing, text: "聘请政府法律顾问3名。"}}
"""


def _write(tmp_path, text, name="overlay.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_overlay_changes_weights_terms_profiles_deadlines_and_adds_elements(tmp_path):
    cl = load_checklist(_write(tmp_path, OVERLAY))
    assert (cl.id, cl.version) == ("yunze-2025", "2.1")
    assert cl.sources == (str(BASE), str(tmp_path / "overlay.yaml"))
    assert cl.element("lead.shufa").weight == 5
    assert "述责述法" in cl.element("lead.shufa").rule.terms()
    assert cl.element("func.fair_competition").applies == ("city", "county")
    assert cl.deadline_for("department") == "02-15"
    assert cl.element("local.village_advisers").group == "local"
    assert load_checklist(BASE).element("lead.shufa").weight == 2  # the base is untouched


def test_disabled_element_is_not_applicable_with_its_reason(tmp_path):
    cl = load_checklist(_write(tmp_path, OVERLAY))
    result = score_text("一、主要举措和成效\n我县获评省级法治政府建设示范县。\n述责述法5人次。\n", cl)
    decision = result.decision("lead.demonstration")
    assert decision.status == "not_applicable"
    assert "本市不开展示范创建评比" in decision.reason
    assert result.decision("lead.shufa").status == "met"


def test_unknown_ids_in_an_overlay_are_reported_with_the_overlay_line(tmp_path):
    text = OVERLAY.replace("  lead.shufa:\n    weight: 5", "  lead.shuffa:\n    weight: 5").replace(
        "  lead.demonstration: 本市", "  lead.demonstrate: 本市")
    path = _write(tmp_path, text)
    with pytest.raises(ChecklistError) as info:
        load_checklist(path)
    problems = info.value.problems
    assert any(p.startswith(f"{path}:") and "change: unknown element 'lead.shuffa'" in p for p in problems)
    assert any(p.startswith(f"{path}:") and "disable: unknown element 'lead.demonstrate'" in p for p in problems)


def test_type_error_in_a_changed_field_names_the_overlay_file(tmp_path):
    path = _write(tmp_path, OVERLAY.replace("    weight: 5\n", "    weight: lots\n"))
    with pytest.raises(ChecklistError) as info:
        load_checklist(path)
    assert any(p.startswith(f"{path}:") and "lead.shufa: weight must be a number" in p
               for p in info.value.problems), info.value.problems


def test_extends_cycle_is_an_error(tmp_path):
    _write(tmp_path, "extends: b.yaml\nchecklist: {id: a}\n", "a.yaml")
    _write(tmp_path, "extends: a.yaml\nchecklist: {id: b}\n", "b.yaml")
    with pytest.raises(ChecklistError) as info:
        load_checklist(tmp_path / "a.yaml")
    assert "extends cycle: a.yaml → b.yaml → a.yaml" in info.value.problems[0]


def test_overlay_of_an_overlay_applies_both(tmp_path):
    _write(tmp_path, OVERLAY)
    second = _write(tmp_path, "extends: overlay.yaml\nchecklist: {id: yunze-2026}\nchange:\n"
                              "  lead.shufa: {weight: 6}\n", "second.yaml")
    cl = load_checklist(second)
    assert cl.element("lead.shufa").weight == 6
    assert cl.element("lead.demonstration").disabled
    assert len(cl.sources) == 3


def test_cli_refuses_to_score_with_a_broken_overlay_and_says_where(tmp_path):
    path = _write(tmp_path, OVERLAY.replace("lead.shufa:\n    weight: 5", "lead.shuffa:\n    weight: 5"))
    result = runner.invoke(app, ["score", str(SAMPLES), "--checklist", str(path)])
    assert result.exit_code == 2
    assert f"{path}:" in result.stderr and "unknown element 'lead.shuffa'" in result.stderr


def test_checklist_show_prints_the_effective_overlay(tmp_path):
    path = _write(tmp_path, OVERLAY)
    result = runner.invoke(app, ["checklist", "show", "--overlay", str(path)])
    assert result.exit_code == 0, result.output
    assert "yunze-2025 v2.1" in result.stdout and "local.village_advisers" in result.stdout
    assert "disabled" in result.stdout
    assert runner.invoke(app, ["checklist", "validate", "--overlay", str(path)]).exit_code == 0


def test_reports_are_scored_with_the_outline_of_their_year():
    checklists = bundled_checklists()
    assert [c.reporting_years for c in checklists.checklists] == [(2021, 2025), (2015, 2020)]
    old = score_text("XX县人民政府关于2019年度法治政府建设情况的报告\n一、主要举措和成效\n修订应急预案14个。\n", checklists)
    new = score_text("XX县人民政府关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n修订应急预案14个。\n", checklists)
    assert old.checklist_id == "fazhi-outline-2015"
    assert old.decision("emergency.plans").status == "not_applicable"
    assert new.checklist_id == "fazhi-default"
    assert new.decision("emergency.plans").status == "met"


def test_a_year_no_checklist_covers_is_scored_with_the_default_and_says_so():
    result = score_text("XX县人民政府关于2031年度法治政府建设情况的报告\n一、主要举措和成效\n述法5人次。\n",
                        bundled_checklists())
    assert result.checklist_id == "fazhi-default"
    assert any("no bundled checklist covers reporting year 2031" in n for n in result.notes)


def test_every_output_names_the_checklist_used():
    result = runner.invoke(app, ["score", str(SAMPLES), "--format", "json"])
    import json

    data = json.loads(result.stdout)
    assert data["checklist"]["sources"]
    assert {r["checklist"]["label"] for r in data["reports"]} == {"fazhi-default v1.0 (2021–2025)"}
