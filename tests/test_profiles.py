"""The profile guessed from the issuer's name."""

from __future__ import annotations

import pytest

from scorer.metadata import guess_profile


@pytest.mark.parametrize(("issuer", "profile"), [
    ("青山县人民政府", "county"),
    ("衡阳市蒸湘区人民政府", "county"),
    ("屈原管理区管理委员会", "county"),
    ("中共南乐县委南乐县人民政府", "county"),
    ("云泽市人民政府", "city"),
    ("湖南省人民政府", "province"),
    ("桐溪镇人民政府", "township"),
    ("城关街道办事处", "township"),
    ("鹤城区人民政府办公室", "department"),
    ("青岚县市场监督管理局", "department"),
    ("尖山区政府办公室", "department"),
    ("云泽市司法局", "department"),
])
def test_profile_is_guessed_from_the_issuer(checklist, issuer, profile):
    assert guess_profile(issuer, checklist.profiles) == profile


def test_no_issuer_gives_no_guess(checklist):
    assert guess_profile(None, checklist.profiles) is None
