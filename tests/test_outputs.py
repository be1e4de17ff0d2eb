"""Every score output shows a report's notes, e.g. that its text was recognised by OCR."""

from __future__ import annotations

import pytest

from scorer.batch import Batch
from scorer.engine import score_text
from scorer.outputs import SCORE_FORMATS

from .conftest import SAMPLES

NOTE = "OCR: page 1 had no text layer (a scan); review its statuses"


@pytest.fixture(scope="module")
def batch(checklist):
    text = (SAMPLES / "county_qinglan_2025.txt").read_text(encoding="utf-8")
    return Batch(results=[score_text(text, checklist, file="scan.pdf", notes=(NOTE,))])


@pytest.mark.parametrize("fmt", ["json", "csv", "md"])
def test_the_ocr_note_is_in_the_output(batch, checklist, fmt):
    assert NOTE in SCORE_FORMATS[fmt](batch, checklist)


def test_the_terminal_table_marks_the_file_as_ocr(batch, checklist):
    assert "scan.pdf [OCR]" in SCORE_FORMATS["table"](batch, checklist)
