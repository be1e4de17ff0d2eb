"""Runs the example sentences of a checklist through the scorer and lists those that fail.

A sentence example is placed under one heading of the part it names, in a report of the
profile it names; a structural element's example is a whole small report. The status the
scorer gives to the example's element must equal the example's status.
"""

from __future__ import annotations

from dataclasses import dataclass

from scorer.checklist import Checklist, Element, Example
from scorer.engine import score_text

_PART_HEADINGS = {
    "achievements": "一、主要举措和成效",
    "shortcomings": "一、存在的不足和原因",
    "first_responsible": "一、党政主要负责人履行推进法治建设第一责任人职责情况",
    "plan": "一、下一年度工作安排",
    "other": "一、其他需要报告的情况",
}


@dataclass(frozen=True)
class ExampleFailure:
    element_id: str
    example: Example
    got: str
    reason: str

    def message(self, path: str) -> str:
        return (f"{self.example.origin or path}:{self.example.line}: {self.element_id}: example expected "
                f"{self.example.status}, scorer says {self.got} ({self.reason}): {self.example.text.strip()[:60]}")


def example_text(element: Element, example: Example) -> str:
    """Returns the report text an example stands for."""
    if element.rule.type != "terms":
        return example.text
    return f"{_PART_HEADINGS[example.part]}\n{example.text.strip()}\n"


def check_example(checklist: Checklist, element: Element, example: Example) -> ExampleFailure | None:
    """Returns the failure of one example, or None when the scorer agrees with it."""
    result = score_text(example_text(element, example), checklist, profile=example.profile)
    decision = result.decision(element.id)
    if decision.status == example.status:
        return None
    return ExampleFailure(element.id, example, decision.status, decision.reason)


def check_examples(checklist: Checklist) -> list[ExampleFailure]:
    """Returns every example of the checklist that the scorer does not reproduce."""
    failures = []
    for element in checklist.elements:
        if element.disabled:
            continue
        for example in element.examples:
            failure = check_example(checklist, element, example)
            if failure:
                failures.append(failure)
    return failures
