"""Loading and validating checklists: the default one, and the errors a broken one gets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scorer.catalogue import REQUIRED_IDS
from scorer.checklist import ChecklistError, load_checklist, parse_checklist
from scorer.resources import default_checklist_path

DEFAULT_TEXT = default_checklist_path().read_text(encoding="utf-8")


def test_default_checklist_defines_every_catalogue_id(checklist):
    ids = [el.id for el in checklist.elements]
    assert set(REQUIRED_IDS) <= set(ids)
    assert len(ids) == len(set(ids))


def test_catalogue_ids_match_the_shared_spec():
    spec = Path(__file__).resolve().parents[2] / "shared" / "spec" / "ELEMENTS.md"
    if not spec.is_file():
        pytest.skip(f"shared spec not present at {spec}")
    rows = re.findall(r"^\| `?([a-z]+\.[a-z_]+)`? \|", spec.read_text(encoding="utf-8"), re.MULTILINE)
    spec_ids = {i for i in rows if not i.startswith("quality.")}
    assert spec_ids == set(REQUIRED_IDS)


def test_every_terms_rule_has_patterns_and_a_source(checklist):
    for el in checklist.elements:
        assert el.source and el.requirement and el.name, el.id
        if el.rule.type == "terms":
            assert el.rule.patterns, el.id


def _broken(old: str, new: str) -> str:
    assert old in DEFAULT_TEXT, old
    return DEFAULT_TEXT.replace(old, new, 1)


def _problems(text: str) -> list[str]:
    with pytest.raises(ChecklistError) as info:
        parse_checklist(text, "broken.yaml")
    return info.value.problems


def test_duplicate_id_is_reported_with_both_lines():
    problems = _problems(_broken("  - id: lead.shufa\n", "  - id: lead.pre_meeting_study\n"))
    assert any("duplicate element id 'lead.pre_meeting_study'" in p for p in problems)
    assert any("'lead.shufa' of the catalogue (ELEMENTS.md) is not defined" in p for p in problems)


def test_unknown_vocabulary_is_reported_with_its_line():
    text = _broken("{all: [$normative_doc, $review]}", "{all: [$normative_doc, $reviews]}")
    problems = _problems(text)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "$reviews" in row)
    assert any(p.startswith((f"broken.yaml:{line - 1}:", f"broken.yaml:{line}:"))
               for p in problems if "unknown vocabulary '$reviews'" in p), problems


def test_invalid_yaml_names_file_and_line():
    problems = _problems("checklist:\n  id: x\n  title: [unclosed\n")
    assert problems[0].startswith("broken.yaml:")
    assert "invalid YAML" in problems[0]


def test_unknown_rule_type_and_weight_are_reported():
    text = _broken("    rule: {type: signature}", "    rule: {type: signatur}")
    text = text.replace("    weight: 1\n    applies: all\n    source: 督察规定\n    requirement: 文末", "    weight: -1\n    applies: all\n    source: 督察规定\n    requirement: 文末", 1)
    problems = _problems(text)
    assert any("unknown rule type 'signatur'" in p for p in problems)
    assert any("weight must be a number >= 0" in p for p in problems)


def test_element_without_negative_example_is_reported():
    text = _broken('      - {status: missing, text: "律师当庭陈述法定理由。"}\n', "")
    text = text.replace('      - {status: planned, part: plan, text: "常态化开展党政主要负责人述法工作。"}\n', "", 1)
    assert any("lead.shufa: needs at least one negative example" in p for p in _problems(text))


def test_missing_file_is_a_checklist_error(tmp_path):
    with pytest.raises(ChecklistError) as info:
        load_checklist(tmp_path / "nope.yaml")
    assert "cannot read checklist" in info.value.problems[0]
