"""`fazhi explain`: an element's rule, the sentences it matched, and why it got its status."""

from __future__ import annotations

from scorer.catalogue import PART_LABELS, STATUS_LABELS
from scorer.checklist import Checklist, Rule
from scorer.engine import ReportResult, points

_KIND_LABELS = {"met": "fact", "partial": "slogan only", "gap": "shortfall/negated", "planned": "plan only"}


def describe_rule(rule: Rule, checklist: Checklist) -> list[str]:
    """Returns the rule in words, one line per clause."""
    if rule.type == "part":
        name = checklist.part_names.get(rule.part, rule.part)
        cues = "、".join(checklist.part_headings.get(rule.part, ()))
        lines = [f"part: the report has a “{name}” part, recognised from headings containing: {cues}"]
        if rule.partial_unless:
            lines.append("partial unless the part holds: " + " ; ".join(p.describe() for p in rule.partial_unless))
        if rule.partial_when:
            lines.append("partial when only running text holds: " + " ; ".join(p.describe() for p in rule.partial_when))
        return lines
    if rule.type == "title":
        return [f"title: names the issuer, the reporting year and {'、'.join(rule.requires)}"]
    if rule.type == "signature":
        return ["signature: the issuing body and a date at the end (or in the header)"]
    if rule.type == "timeliness":
        return ["timeliness: dated on or before the deadline — "
                + ", ".join(f"{k}: {v}" for k, v in checklist.deadlines.items()) + " of the next year"]
    lines = ["any sentence with one of these patterns (A + B = both in one sentence; a|b = either):"]
    lines += [f"    {p.describe()}" for p in rule.patterns]
    if rule.exclude:
        lines.append("not when the sentence holds: " + "、".join(rule.exclude))
    if rule.credit_part:
        lines.append(f"every sentence of the {rule.credit_part} part counts too")
    if not rule.count_study_mentions:
        lines.append("a mention in a clause about studying/explaining (学习, 解读, 案例 …) does not count")
    return lines


def explain_text(result: ReportResult, checklist: Checklist, element_id: str) -> str:
    """Returns the explanation of one element's decision in one report."""
    element = checklist.element(element_id)
    decision = result.decision(element_id)
    lines = [
        f"{element.id} — {element.name}",
        f"  requirement: {element.requirement}",
        (f"  source: {element.source}; group: {element.group}; weight: {element.weight:g}; "
         f"applies to: {', '.join(element.applies)}"),
        "",
        "Rule:",
        *[f"  {line}" for line in describe_rule(element.rule, checklist)],
        "",
        f"Report: {result.file} ({result.meta.issuer or 'issuer unknown'}, profile {result.meta.profile})",
        (f"Status: {decision.status} ({STATUS_LABELS[decision.status]}), "
         f"{points(result, decision, checklist)} of {element.weight:g} points"),
        f"Why: {decision.reason}",
    ]
    shown = decision.considered or decision.evidence
    if shown:
        lines += ["", f"Sentences matched ({len(shown)}):"]
        for e in shown:
            label = _KIND_LABELS.get(e.kind, e.kind)
            terms = f" terms: {'、'.join(e.terms)}" if e.terms else ""
            lines.append(f"  [{PART_LABELS.get(e.part, e.part)} · {label}]{terms}")
            lines.append(f"      {e.text}")
    else:
        lines += ["", "No sentence of the report matched the rule."]
    return "\n".join(lines)


def explain_quality(result: ReportResult, signal_id: str) -> str:
    """Returns the explanation of one quality signal: value, score and the sentences behind it."""
    signal = next(q for q in result.quality if q.id == signal_id)
    lines = [
        f"{signal.id} — {signal.name}",
        f"Report: {result.file} ({result.meta.issuer or 'issuer unknown'})",
        f"Value: {'—' if signal.value is None else signal.value}; "
        + f"score: {'— (left out)' if signal.score is None else signal.score}",
        f"Why: {signal.summary}",
    ]
    if signal.items:
        lines += ["", "Behind it:"]
        for item in signal.items:
            lines.append(f"  [{'✓' if item.ok else '✗'} {PART_LABELS.get(item.part, item.part)}] {item.note}")
            lines.append(f"      {item.text}")
    return "\n".join(lines)
