"""Copying between reports: shared passages within a batch, carry-over from last year, and
the `fazhi similar` command, on the seed reports and on altered copies the tests make."""

from __future__ import annotations

import csv
import json
import re

import pytest
import typer
from typer.testing import CliRunner

from scorer.normalize import normalize_text
from scorer.similar_cli import config_for, register
from scorer.similarity import SimilarityConfig, carried_over, find_copies

# Paragraphs written for these tests (not taken from any report).
SHARED = ("全县共组织开展行政执法案卷评查三次，抽查案卷一百二十件，发现问题四十六个，"
          "已全部督促整改到位，并将评查结果纳入年度法治建设考核。")
REPORT_A = ("甲县人民政府关于法治政府建设情况的报告\n"
            "今年我县在行政执法领域开展了专项整治。\n"
            f"{SHARED}\n"
            "其他内容各不相同，本县特色工作另行报送。")
REPORT_B = ("乙县人民政府关于法治政府建设情况的报告\n"
            f"{SHARED}\n"
            "乙县还组织了普法宣传进村入户活动，效果良好。")
FORMULA = ("全区上下始终把法治政府建设作为全局性基础性工作来抓，统筹谋划推进，"
           "狠抓任务落实，各项工作取得了积极进展和明显成效。")

TOP_HEADING = re.compile(r"^[一二三四五六七八九十]+、")


def alnum(text: str) -> int:
    return sum(ch.isalnum() for ch in text)


# ----------------------------------------------------------------- seeds and altered copies


def seed_texts(seeds_dir) -> dict[str, str]:
    """Returns the normalised seed reports by the first three characters of their file names."""
    return {p.name[:3]: normalize_text(p.read_text(encoding="utf-8")) for p in sorted(seeds_dir.glob("*.txt"))}


def top_parts(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """Returns the lines and the (first, end) lines of every top-level part, the closing
    formula and signature left out of the last one."""
    lines = text.split("\n")
    heads = [i for i, line in enumerate(lines) if TOP_HEADING.match(line)]
    closing = next((i for i, line in enumerate(lines) if line.startswith("特此报告")), len(lines))
    return lines, list(zip(heads, heads[1:] + [closing]))


def pasted_report(seeds: dict[str, str]) -> tuple[str, str]:
    """Returns seed 004 with its plan part replaced by seed 003's plan part (renumbered),
    and that part's text."""
    lines, parts = top_parts(seeds["004"])
    donor_lines, donor_parts = top_parts(seeds["003"])
    first, end = donor_parts[-1]
    plan = [TOP_HEADING.sub("二、", donor_lines[first])] + donor_lines[first + 1:end]
    own_first, own_end = parts[-1]
    return "\n".join(lines[:own_first] + plan + lines[own_end:]), "\n".join(donor_lines[first:end])


def redated(text: str) -> str:
    """Returns the report re-dated a year on, with one Chinese character in 40 of every
    paragraph replaced and commas and semicolons changed."""
    text = re.sub(r"20\d\d", lambda m: str(int(m.group()) + 1), text)
    out = []
    for line in text.split("\n"):
        chars, n = list(line), 0
        for i, ch in enumerate(chars):
            if "\u4e00" <= ch <= "\u9fff":
                n += 1
                if n % 40 == 0:
                    chars[i] = "甲" if ch != "甲" else "乙"
        out.append("".join(chars).replace("，", "、").replace("；", "，"))
    return "\n".join(out)


@pytest.fixture(scope="module")
def seeds(seeds_dir) -> dict[str, str]:
    return seed_texts(seeds_dir)


@pytest.fixture(scope="module")
def batch(seeds) -> dict[str, str]:
    """The five seeds, a copy of 004 with 003's plan pasted in (P), and 002 re-dated (R)."""
    texts = dict(seeds)
    texts["P"] = pasted_report(seeds)[0]
    texts["R"] = redated(seeds["002"])
    return texts


@pytest.fixture(scope="module")
def pairs(batch):
    return {(p.file_a, p.file_b): p for p in find_copies(batch)}


# ----------------------------------------------------------------- passages and coverage


def test_a_shared_paragraph_is_one_passage_with_its_place_in_both_reports():
    (pair,) = find_copies({"a.txt": REPORT_A, "b.txt": REPORT_B})
    (passage,) = pair.passages
    assert passage.a.text == passage.b.text == SHARED.rstrip("。")
    assert (passage.a.first_paragraph, passage.a.last_paragraph) == (3, 3)
    assert (passage.b.first_paragraph, passage.b.last_paragraph) == (2, 2)
    assert normalize_text(REPORT_A)[passage.a.start:passage.a.end] == passage.a.text
    assert normalize_text(REPORT_B)[passage.b.start:passage.b.end] == passage.b.text


def test_coverage_is_the_share_of_each_report_in_shared_passages():
    (pair,) = find_copies({"a.txt": REPORT_A, "b.txt": REPORT_B})
    assert pair.coverage_a == round(alnum(SHARED) / alnum(REPORT_A), 4)
    assert pair.coverage_b == round(alnum(SHARED) / alnum(REPORT_B), 4)
    assert pair.flagged


def test_changed_punctuation_figures_and_a_word_do_not_split_a_passage():
    edited = SHARED.replace("，", "；").replace("三次", "5次").replace("一百二十", "130").replace("督促", "要求")
    (pair,) = find_copies({"a.txt": REPORT_A, "b.txt": f"乙县报告\n{edited}\n余下各不相同。"})
    (passage,) = pair.passages
    assert passage.b.text == edited.rstrip("。")


def test_a_passage_shorter_than_min_passage_is_not_reported():
    texts = {"a.txt": REPORT_A, "b.txt": REPORT_B}
    assert find_copies(texts, SimilarityConfig(min_passage=alnum(SHARED) + 1)) == []


def test_a_pair_below_the_threshold_shares_passages_but_is_not_flagged():
    (pair,) = find_copies({"a.txt": REPORT_A, "b.txt": REPORT_B}, SimilarityConfig(threshold=0.95))
    assert pair.passages and not pair.flagged


# ----------------------------------------------------------------- the seeds and altered copies


def test_a_part_pasted_from_another_seed_is_found_as_that_part(seeds, pairs):
    pasted, plan = pasted_report(seeds)
    pair = pairs[("003", "P")]
    assert pair.flagged
    longest = pair.longest(1)[0]
    # The whole part but the numeral of its heading (三、 became 二、) and the final 。
    plan_start = seeds["003"].index(plan)
    assert (longest.a.start, longest.a.end) == (plan_start + 2, plan_start + len(plan) - 1)
    pasted_start = pasted.index(plan[2:])
    assert (longest.b.start, longest.b.end) == (pasted_start, pasted_start + len(plan) - 3)
    # The other passages: the part repeats two sentences of 003's shortcomings.
    assert all(p.b.start >= pasted_start for p in pair.passages)


def test_a_redated_copy_with_small_edits_is_found_whole(seeds, pairs):
    pair = pairs[("002", "R")]
    assert pair.flagged
    assert pair.coverage_a > 0.95 and pair.coverage_b > 0.95
    (passage,) = pair.passages
    last_paragraph = seeds["002"].count("\n") + 1
    assert (passage.a.first_paragraph, passage.a.last_paragraph) == (1, last_paragraph)


def test_the_flagged_pairs_are_the_copies_and_no_two_independent_seeds(pairs):
    flagged = {key for key, pair in pairs.items() if pair.flagged}
    assert flagged == {("002", "R"), ("003", "P"), ("004", "P")}


def test_independent_seeds_share_no_passage(seeds):
    assert find_copies(seeds) == []


def test_a_formula_every_report_uses_creates_no_passage(batch, pairs):
    with_formula = {}
    for name, text in batch.items():
        lines = text.split("\n")
        with_formula[name] = "\n".join(lines[:2] + [FORMULA] + lines[2:])
    found = {(p.file_a, p.file_b): p for p in find_copies(with_formula)}
    assert set(found) == set(pairs)
    assert found[("002", "R")].coverage_a == pytest.approx(pairs[("002", "R")].coverage_a, abs=0.01)


def test_a_formula_shared_by_two_reports_is_a_passage_unless_it_is_a_stock_phrase(seeds):
    texts = {name: f"{seeds[name]}\n{FORMULA}" for name in ("000", "001")}
    (pair,) = find_copies(texts)
    assert [p.a.text for p in pair.passages] == [FORMULA.rstrip("。")]
    assert find_copies(texts, SimilarityConfig(stock_phrases=(FORMULA,))) == []


# ----------------------------------------------------------------- carried over from last year


def test_carried_over_finds_the_unchanged_share_of_an_edited_copy(seeds):
    lines, parts = top_parts(seeds["003"])
    kept_end = parts[1][0]  # the preamble and the achievements stay, the rest is new
    donor_lines, donor_parts = top_parts(seeds["000"])
    current = "\n".join(lines[:kept_end] + donor_lines[donor_parts[1][0]:])
    result = carried_over(seeds["003"], current)
    kept = "\n".join(lines[:kept_end])
    assert result.share == pytest.approx(alnum(kept) / alnum(current), abs=0.02)
    (passage,) = result.passages
    # The kept part, and the few words the new heading happens to share with the old one (二、存在的).
    assert passage.b.start == 0 and len(kept) <= passage.b.end <= len(kept) + 6


def test_carried_over_between_unrelated_reports_is_nothing(seeds):
    result = carried_over(seeds["000"], seeds["001"])
    assert (result.share, result.passages) == (0.0, ())


# ----------------------------------------------------------------- settings


def test_settings_are_read_from_the_checklist_block():
    config = SimilarityConfig.from_mapping({"threshold": 0.5, "min_passage": 60, "stock_phrases": ["特此报告"]})
    assert (config.threshold, config.min_passage, config.stock_phrases) == (0.5, 60, ("特此报告",))


def test_an_absent_block_gives_the_defaults():
    assert SimilarityConfig.from_mapping(None) == SimilarityConfig()


def test_a_bad_setting_is_an_error_naming_the_key():
    with pytest.raises(ValueError, match=r"similarity\.threshold.*similarity\.min_passage"):
        SimilarityConfig.from_mapping({"threshold": 3, "min_passage": "long"})


def test_the_bundled_checklist_block_sets_the_threshold():
    assert config_for(None, None, None).threshold == 0.3


# ----------------------------------------------------------------- `fazhi similar`

runner = CliRunner()


def run(*args):
    app = typer.Typer()
    register(app)

    @app.command()
    def other() -> None:  # a second command, so that `similar` is a subcommand as in `fazhi`
        """Placeholder."""

    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture()
def batch_dir(tmp_path, batch):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in batch.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def test_similar_prints_the_flagged_pairs_with_coverage_and_quotes(batch_dir):
    result = run("similar", batch_dir)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("[FLAGGED]") == 3
    assert f"{batch_dir / '002.txt'}  ↔  {batch_dir / 'R.txt'}" in result.stdout
    assert "covers 98% of the first, 97% of the second · 1 shared passage(s)" in result.stdout
    assert "Found 7 file(s): read 7, failed 0; 3 pair(s) flagged for review." in result.stderr


def test_similar_json_gives_every_passage_with_its_place(batch_dir):
    result = run("similar", batch_dir, "--format", "json")
    data = json.loads(result.stdout)
    pair = next(p for p in data["pairs"] if p["file_b"].endswith("R.txt"))
    (passage,) = pair["passages"]
    assert set(passage["a"]) == {"start", "end", "paragraphs", "text"}
    assert passage["a"]["paragraphs"][0] == 1
    assert data["summary"]["flagged"] == 3 and data["errors"] == []


def test_similar_out_writes_every_file_with_excel_csv(batch_dir, tmp_path):
    out = tmp_path / "out"
    result = run("similar", batch_dir, "--out", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["similarity.csv", "similarity.json", "similarity.md",
                                                     "similarity_errors.csv", "similarity_passages.csv"]
    assert (out / "similarity.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    with open(out / "similarity_passages.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {(r["file_a"][-7:], r["file_b"][-5:]) for r in rows} >= {("002.txt", "R.txt"), ("003.txt", "P.txt")}
    assert "# 相似度" in (out / "similarity.md").read_text(encoding="utf-8")


def test_similar_all_shows_pairs_below_the_threshold(batch_dir):
    result = run("similar", batch_dir, "--threshold", "0.99", "--all", "--format", "csv")
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert len(rows) == 3 and {r["flagged"] for r in rows} == {"no"}


def test_similar_lists_unreadable_files_and_compares_the_others(batch_dir):
    (batch_dir / "empty.txt").write_bytes(b"")
    (batch_dir / "notes.xyz").write_text("hello", encoding="utf-8")
    result = run("similar", batch_dir, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert {e["file"].rsplit("/", 1)[-1] for e in data["errors"]} == {"empty.txt", "notes.xyz"}
    assert data["summary"]["flagged"] == 3


def test_similar_with_one_report_is_bad_usage(batch_dir):
    result = run("similar", batch_dir / "000.txt")
    assert result.exit_code == 2
    assert "comparing needs at least two" in result.stderr


def test_similar_refuses_a_bad_threshold(batch_dir):
    result = run("similar", batch_dir, "--threshold", "2")
    assert result.exit_code == 2
    assert "similarity.threshold" in result.stderr


def test_similar_reads_the_settings_of_the_given_checklist(batch_dir, tmp_path):
    import yaml

    from scorer.resources import default_checklist_path

    data = yaml.safe_load(default_checklist_path().read_text(encoding="utf-8"))
    data.setdefault("similarity", {})["threshold"] = 0.5
    custom = tmp_path / "custom.yaml"
    custom.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    data = json.loads(run("similar", batch_dir, "--checklist", custom, "--format", "json").stdout)
    assert data["summary"]["threshold"] == 0.5
    assert data["summary"]["flagged"] == 2
