"""Measures copy detection (`scorer.similarity`) on synthetic batches and prints the figures.

    python benchmarks/similarity_bench.py                 # N = 1000 (about half a minute)
    python benchmarks/similarity_bench.py --n 100 1000 5000

The batch is built from the paragraphs of the seed reports (../shared/corpus/seeds) and of
the bundled samples (reports/), recombined: each synthetic report draws 15–40 paragraphs
from the pool. Recombined paragraphs alone would make every report a copy of hundreds of
others, so each report is then disguised by a substitution of its own — about half of the
distinct Chinese characters it uses are swapped for others drawn from the pool — which
keeps the length, the character frequencies and the layout of real text while making the
reports independent of each other. Every report also carries the same three formula
sentences (written for this benchmark), left undisguised: the stock formulas every report
uses, which must not make pairs.

Then copies are planted, with the answers kept:
- pasted: a report gets a block of consecutive paragraphs (about 40% of its length) pasted
  from another report;
- re-dated: a report is a copy of another with every year moved on by one, every figure
  changed, one character in 40 replaced and the punctuation changed.

Printed per N: time to read the batch from disk (`scorer.ingest`), time of `find_copies`
on the texts (the best of --repeat runs, as other work on the machine slows some) and its
stages, run once; candidate pairs aligned; planted pairs found (recall) and
flagged pairs that were not planted (false flags). Nothing is written into the project:
the files go to a temporary folder.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from scorer import similarity
from scorer.ingest import find_reports
from scorer.normalize import normalize_text

FORMULAS = (
    "一年来，我们始终把法治政府建设摆在全局工作的突出位置，统筹谋划、一体推进，各项工作取得了积极进展。",
    "下一步，我们将继续坚持问题导向和目标导向，以更高标准、更实举措推动法治政府建设不断迈上新台阶。",
    "以上报告，请审阅。",
)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def donor_paragraphs() -> list[str]:
    """Returns the paragraphs (lines of 20+ characters) of the seed reports and the samples."""
    folders = [REPO.parent / "shared" / "corpus" / "seeds", REPO / "reports"]
    paragraphs = []
    for folder in folders:
        for path in sorted(folder.glob("*.txt")):
            text = normalize_text(path.read_text(encoding="utf-8"))
            paragraphs += [line for line in text.split("\n") if len(line) >= 20]
    if not paragraphs:
        sys.exit("no donor reports found (../shared/corpus/seeds, reports/)")
    return paragraphs


def disguise(paragraphs: list[str], alphabet: list[str], rng: random.Random) -> list[str]:
    """Returns the paragraphs with about half of their distinct Chinese characters swapped,
    by one substitution for the whole report."""
    used = sorted({ch for p in paragraphs for ch in _CJK.findall(p)})
    swap = {ch: rng.choice(alphabet) for ch in used if rng.random() < 0.5}
    return ["".join(swap.get(ch, ch) for ch in p) for p in paragraphs]


def redate(text: str, rng: random.Random) -> str:
    """Returns a re-dated copy: years + 1, other figures redrawn, one character in 40
    replaced, punctuation changed."""
    text = re.sub(r"20\d\d", lambda m: str(int(m.group()) + 1), text)
    text = re.sub(r"(?<!\d)\d{1,3}(?!\d)", lambda m: str(rng.randint(1, 999)), text)
    out = []
    for n, ch in enumerate(text, 1):
        out.append("某" if n % 40 == 0 and _CJK.match(ch) else ch)
    return "".join(out).replace("，", "、").replace("；", "，")


def build_batch(n: int, seed: int = 7) -> tuple[dict[str, str], set[tuple[str, str]]]:
    """Returns n synthetic reports (name → text) and the planted copy pairs (donor, target
    sorted; two targets of one donor are a pair too, as they share the donor's words)."""
    rng = random.Random(seed)
    pool = donor_paragraphs()
    alphabet = sorted({ch for p in pool for ch in _CJK.findall(p)})
    reports: dict[str, list[str]] = {}
    for i in range(n):
        body = disguise(rng.sample(pool, rng.randint(15, min(40, len(pool)))), alphabet, rng)
        body.insert(0, FORMULAS[0])
        body.insert(len(body) // 2, FORMULAS[1])
        body.append(FORMULAS[2])
        reports[f"r{i:05d}.txt"] = [f"第{i}号单位{2024}年度法治政府建设情况报告"] + body
    names = list(reports)
    n_plants = max(2, n // 50)
    targets = rng.sample(names, 2 * n_plants) if 3 * n_plants <= n else []
    donors = [x for x in names if x not in set(targets)]
    donor_of: dict[str, str] = {}
    for k, target in enumerate(targets):
        donor = donor_of[target] = rng.choice(donors)
        if k % 2 == 0:
            # Pasted: a block of the donor's first paragraphs replaces the middle of the target.
            size = max(3, int(0.4 * len(reports[target])))
            block = reports[donor][1:1 + size]
            at = len(reports[target]) // 3
            reports[target] = reports[target][:at] + block + reports[target][at + size:]
        else:
            reports[target] = redate("\n".join(reports[donor]), rng).split("\n")
    planted = {tuple(sorted((d, t))) for t, d in donor_of.items()}
    planted |= {tuple(sorted((t1, t2))) for t1 in targets for t2 in targets
                if t1 < t2 and donor_of[t1] == donor_of[t2]}
    return {name: "\n".join(lines) for name, lines in reports.items()}, planted


def stage_times(texts: dict[str, str], config: similarity.SimilarityConfig) -> dict[str, float]:
    """Returns the seconds spent in each stage of `find_copies`, run step by step."""
    times: dict[str, float] = {}
    start = time.perf_counter()
    reports = [similarity._prepare(name, text, config) for name, text in texts.items()]
    times["normalise + shingle"] = time.perf_counter() - start
    start = time.perf_counter()
    common = similarity._common_hashes(reports, config.common_cutoff(len(reports)))
    for report in reports:
        report.settle(similarity._is_in(report.hashes, common))
    times["document frequency"] = time.perf_counter() - start
    start = time.perf_counter()
    candidates = similarity._candidate_pairs(reports)
    times["candidate pairs (index)"] = time.perf_counter() - start
    start = time.perf_counter()
    for i, j in candidates:
        similarity._align(reports[i], reports[j], config.min_passage)
    times["exact alignment"] = time.perf_counter() - start
    times["candidates"] = len(candidates)
    return times


def measure(n: int, repeat: int) -> None:
    texts, planted = build_batch(n)
    config = similarity.SimilarityConfig()
    chars = sum(len(t) for t in texts.values())
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in texts.items():
            (Path(tmp) / name).write_text(text, encoding="utf-8")
        start = time.perf_counter()
        read = {s.name: s.read().text for s in find_reports([tmp])}
        reading = time.perf_counter() - start
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        pairs = similarity.find_copies(texts, config)
        runs.append(time.perf_counter() - start)
    total = min(runs)
    flagged = {(p.file_a, p.file_b) for p in pairs if p.flagged}
    sharing = {(p.file_a, p.file_b) for p in pairs}
    print(f"\nN = {n} reports, {chars / n:,.0f} characters each on average, {len(planted)} planted copy pairs")
    print(f"  reading {len(read)} files from disk:     {reading:7.2f} s")
    print(f"  find_copies on the texts:        {total:7.2f} s  ({1000 * total / n:.1f} ms a report; "
          f"best of {repeat})")
    for stage, value in stage_times(texts, config).items():
        if stage == "candidates":
            print(f"    candidate pairs aligned:       {int(value):7d}  (of {n * (n - 1) // 2:,} pairs)")
        else:
            print(f"    {stage + ':':30s} {value:7.2f} s")
    print(f"  pairs sharing passages:          {len(pairs):7d}")
    print(f"  planted pairs sharing passages:  {len(planted & sharing):7d} / {len(planted)}")
    print(f"  planted pairs flagged:           {len(planted & flagged):7d} / {len(planted)}"
          f"  (the others: pasted blocks under the threshold's share)")
    print(f"  flagged pairs not planted:       {len(flagged - planted):7d}")
    print(f"  pairs sharing passages, not planted: {len(sharing - planted):3d}")
    missed = sorted(planted - sharing)
    if missed:
        print(f"  planted pairs with no passage: {missed[:5]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000], help="batch sizes to measure")
    parser.add_argument("--repeat", type=int, default=3, help="runs of find_copies; the best is shown")
    args = parser.parse_args()
    for n in args.n:
        measure(n, args.repeat)


if __name__ == "__main__":
    main()
