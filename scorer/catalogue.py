"""The element ids of the catalogue (shared/spec/ELEMENTS.md, v1): the evaluation contract.

Every checklist must define all of them; a test keeps this list in step with ELEMENTS.md
whenever the shared spec is present.
"""

STATUSES = ("met", "partial", "planned", "gap", "missing", "not_applicable")
PROFILES = ("province", "city", "county", "township", "department")

REQUIRED_IDS = (
    "part.achievements", "part.shortcomings", "part.first_responsible", "part.next_year_plan",
    "part.other", "meta.title", "meta.signature_date", "meta.timeliness",
    "lead.xi_thought_study", "lead.party_leadership", "lead.first_responsible_duty",
    "lead.shufa", "lead.pre_meeting_study", "lead.cadre_training", "lead.assessment",
    "lead.inspection", "lead.annual_report", "lead.demonstration", "lead.law_popularization",
    "func.power_list", "func.approval_reform", "func.business_environment",
    "func.fair_competition", "func.market_regulation", "func.enterprise_inspection",
    "rules.legislation", "rules.normative_doc_review", "rules.normative_doc_filing",
    "rules.normative_doc_cleanup",
    "decision.catalogue", "decision.procedures", "decision.legality_review",
    "decision.contract_review", "decision.legal_advisers", "decision.evaluation",
    "enforce.system_reform", "enforce.three_systems", "enforce.certification",
    "enforce.discretion", "enforce.training", "enforce.case_review", "enforce.flexible",
    "enforce.key_areas", "enforce.criminal_linkage", "enforce.supervision",
    "emergency.plans", "emergency.capacity",
    "dispute.mediation", "dispute.adjudication", "dispute.reconsideration",
    "dispute.litigation_appearance", "dispute.litigation_followup", "dispute.petitions",
    "dispute.fengqiao", "dispute.legal_services",
    "oversight.npc_cppcc", "oversight.judicial", "oversight.audit", "oversight.gov_inspection",
    "oversight.disclosure", "oversight.public_feedback", "oversight.integrity",
    "digital.online_services", "digital.data_sharing", "digital.smart_enforcement",
)

STATUS_LABELS = {
    "met": "已落实",
    "partial": "部分落实",
    "planned": "仅列计划",
    "gap": "存在差距",
    "missing": "未提及",
    "not_applicable": "不适用",
}
PART_LABELS = {
    "achievements": "主要举措和成效",
    "shortcomings": "不足和原因",
    "first_responsible": "第一责任人职责",
    "plan": "下一年度安排",
    "other": "其他情况",
    "preamble": "导语",
    "title": "标题",
    "signature": "落款",
}
