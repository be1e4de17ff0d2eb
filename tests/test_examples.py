"""Every example sentence of the default checklist, run through the scorer (one test each)."""

from __future__ import annotations

import pytest

from scorer.checklist import load_checklist
from scorer.examples import check_example, example_text

_CHECKLIST = load_checklist()
_CASES = [
    pytest.param(el, ex, id=f"{el.id}:{ex.status}:{ex.line}")
    for el in _CHECKLIST.elements
    for ex in el.examples
]


@pytest.mark.parametrize(("element", "example"), _CASES)
def test_example_gets_its_status(element, example):
    failure = check_example(_CHECKLIST, element, example)
    assert failure is None, failure.message(_CHECKLIST.path) + "\n" + example_text(element, example)


def test_every_element_has_a_met_and_a_negative_example():
    for el in _CHECKLIST.elements:
        statuses = {ex.status for ex in el.examples}
        assert "met" in statuses, el.id
        assert statuses - {"met"}, el.id
