"""Measures the scorer against gold labels: met precision/recall/F1, status accuracy,
a confusion table, the disagreements with their evidence, and the figures of the naive
Ctrl-F baseline on the same gold.

A gold file (tests/gold/README.md) is YAML: `file`, `profile`, and `elements: {id:
{status, quote?, note?}}`. The report it labels is looked up by its `file` name in the
report folders given (first match wins).

The baseline is what a clerk with Ctrl-F gets: an element is `met` when any of its terms
occurs anywhere in the text, `missing` otherwise (not_applicable where the profile
excludes it, as for the scorer). Title, signature and timeliness have no terms; the
baseline takes the scorer's status for them, so the comparison is about the rules.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from scorer.catalogue import STATUSES
from scorer.checklist import Checklist
from scorer.engine import ReportResult, score_file
from scorer.ingest import read_report
from scorer.normalize import normalize_text

MANDATED_PARTS = ("part.achievements", "part.shortcomings", "part.first_responsible", "part.next_year_plan")


@dataclass(frozen=True)
class GoldReport:
    path: Path  # the gold file
    file: str
    profile: str
    labels: dict[str, dict]


@dataclass(frozen=True)
class Pair:
    report: str
    element_id: str
    gold: str
    predicted: str
    baseline: str
    evidence: str
    gold_quote: str


@dataclass(frozen=True)
class Prf:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_gold(folder: Path) -> list[GoldReport]:
    """Returns the gold files of a folder, sorted by name; raises ValueError on a bad file."""
    reports = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "file" not in data or not isinstance(data.get("elements"), dict):
            raise ValueError(f"{path}: not a gold file (needs 'file' and 'elements')")
        for eid, label in data["elements"].items():
            if not isinstance(label, dict) or label.get("status") not in STATUSES:
                raise ValueError(f"{path}: {eid}: status must be one of {', '.join(STATUSES)}")
        reports.append(GoldReport(path, data["file"], data.get("profile", ""), data["elements"]))
    return reports


def default_report_folders(gold_dir: Path) -> list[Path]:
    """Returns where labelled reports are looked for after the folders the user names:
    the gold folder, the bundled samples, the shared seed corpus beside the checkout, and
    tests/data/<name of the gold folder> (the third gold set)."""
    from scorer.resources import sample_reports_dir

    seeds = Path("shared") / "corpus" / "seeds"
    repo = Path(__file__).resolve().parent.parent
    return [gold_dir, sample_reports_dir(), repo.parent / seeds, Path.cwd().parent / seeds,
            repo / "tests" / "data" / gold_dir.name]


def _find(file: str, folders: list[Path]) -> Path | None:
    for folder in folders:
        candidate = folder / file
        if candidate.is_file():
            return candidate
    return None


def baseline_status(result: ReportResult, element_id: str, text: str, checklist: Checklist) -> str:
    """Returns the Ctrl-F status of one element: met when any of its terms is in the text."""
    element = checklist.element(element_id)
    if not element.applies_to(result.meta.profile):
        return "not_applicable"
    rule = element.rule
    if rule.type in ("title", "signature", "timeliness"):
        return result.decision(element_id).status
    terms = rule.terms() if rule.type == "terms" else checklist.part_headings.get(rule.part, ())
    return "met" if any(t in text for t in terms) else "missing"


def compare(gold: list[GoldReport], folders: list[Path], checklist: Checklist) -> tuple[list[Pair], list[str]]:
    """Returns one pair per (report, element) of the gold, and the problems met on the way."""
    pairs, problems = [], []
    for g in gold:
        path = _find(g.file, folders)
        if path is None:
            problems.append(f"{g.path}: report {g.file} not found in {', '.join(map(str, folders))}")
            continue
        profile = g.profile or None
        result = score_file(path, checklist, profile=profile)
        text = normalize_text(read_report(path).text)
        for element in checklist.elements:
            label = g.labels.get(element.id)
            if label is None:
                problems.append(f"{g.path}: no label for {element.id}")
                continue
            decision = result.decision(element.id)
            evidence = decision.evidence[0].text if decision.evidence else ""
            pairs.append(Pair(g.file, element.id, label["status"], decision.status,
                              baseline_status(result, element.id, text, checklist), evidence,
                              str(label.get("quote", ""))))
    return pairs, problems


def met_prf(pairs: list[Pair], predicted: str = "predicted") -> Prf:
    """Returns precision/recall counts of the status `met`."""
    tp = sum(1 for p in pairs if p.gold == "met" and getattr(p, predicted) == "met")
    fp = sum(1 for p in pairs if p.gold != "met" and getattr(p, predicted) == "met")
    fn = sum(1 for p in pairs if p.gold == "met" and getattr(p, predicted) != "met")
    return Prf(tp, fp, fn)


def accuracy(pairs: list[Pair], predicted: str = "predicted", applicable_only: bool = False) -> float:
    """Returns the share of pairs whose status equals the gold status."""
    chosen = [p for p in pairs if not applicable_only or p.gold != "not_applicable"]
    if not chosen:
        return 0.0
    return sum(1 for p in chosen if getattr(p, predicted) == p.gold) / len(chosen)


def confusion(pairs: list[Pair]) -> dict[str, Counter]:
    """Returns gold status → Counter of predicted statuses."""
    table: dict[str, Counter] = {s: Counter() for s in STATUSES}
    for p in pairs:
        table[p.gold][p.predicted] += 1
    return table


def per_element(pairs: list[Pair]) -> dict[str, Prf]:
    """Returns met precision/recall per element id."""
    ids = dict.fromkeys(p.element_id for p in pairs)
    return {eid: met_prf([p for p in pairs if p.element_id == eid]) for eid in ids}


@dataclass(frozen=True)
class Summary:
    reports: int
    pairs: int
    met: Prf
    status_accuracy: float
    status_accuracy_applicable: float
    parts_accuracy: float
    baseline_met: Prf
    baseline_accuracy: float


def summarise(pairs: list[Pair]) -> Summary:
    """Returns the headline figures of an evaluation."""
    parts = [p for p in pairs if p.element_id in MANDATED_PARTS]
    return Summary(
        reports=len({p.report for p in pairs}),
        pairs=len(pairs),
        met=met_prf(pairs),
        status_accuracy=accuracy(pairs),
        status_accuracy_applicable=accuracy(pairs, applicable_only=True),
        parts_accuracy=accuracy(parts),
        baseline_met=met_prf(pairs, "baseline"),
        baseline_accuracy=accuracy(pairs, "baseline"),
    )


def render(pairs: list[Pair], problems: list[str], show_disagreements: bool = True) -> str:
    """Returns the evaluation as plain text: headline, baseline, confusion, per element, disagreements."""
    s = summarise(pairs)
    lines = [
        f"Evaluated {s.reports} reports, {s.pairs} element decisions.",
        "",
        f"{'':28}{'fazhi':>10}{'Ctrl-F baseline':>18}",
        f"{'met precision':28}{s.met.precision:>10.3f}{s.baseline_met.precision:>18.3f}",
        f"{'met recall':28}{s.met.recall:>10.3f}{s.baseline_met.recall:>18.3f}",
        f"{'met F1':28}{s.met.f1:>10.3f}{s.baseline_met.f1:>18.3f}",
        f"{'status accuracy':28}{s.status_accuracy:>10.3f}{s.baseline_accuracy:>18.3f}",
        f"{'status accuracy (applicable)':28}{s.status_accuracy_applicable:>10.3f}",
        f"{'mandated parts accuracy':28}{s.parts_accuracy:>10.3f}",
        f"met F1 gain over baseline: {s.met.f1 - s.baseline_met.f1:+.3f}",
        "",
        "Confusion (rows: gold, columns: fazhi)",
        f"{'':16}" + "".join(f"{st[:9]:>10}" for st in STATUSES),
    ]
    for gold_status, row in confusion(pairs).items():
        lines.append(f"{gold_status:16}" + "".join(f"{row[st]:>10}" for st in STATUSES))
    lines += ["", "Per element (met): id  tp fp fn  F1"]
    for eid, prf in per_element(pairs).items():
        if prf.tp + prf.fp + prf.fn:
            lines.append(f"  {eid:32}{prf.tp:>3}{prf.fp:>3}{prf.fn:>3}  {prf.f1:.2f}")
    if show_disagreements:
        lines += ["", "Disagreements (gold → fazhi):"]
        for p in pairs:
            if p.gold != p.predicted:
                lines.append(f"  {p.report} {p.element_id}: {p.gold} → {p.predicted}")
                if p.gold_quote:
                    lines.append(f"      gold:  {p.gold_quote}")
                if p.evidence:
                    lines.append(f"      fazhi: {p.evidence[:90]}")
    if problems:
        lines += ["", "Problems:"] + [f"  {x}" for x in problems]
    return "\n".join(lines)
