"""Tier decisions from the trust's last annual review, for the demo.

Written directly rather than through tier_decision_record so that seeding
sends no e-mails; the decisions look as that service would leave them.
"""

import datetime

from django.utils import timezone

from categorisation.models import TierDecision

# The tier each school was given last September. Two differ from what their
# evidence recommends now, so the demo shows schools whose tier may move.
LAST_TIERS = {
    "149001": 1, "149002": 1, "149003": 2, "149004": 1, "149005": 2,
    "149006": 2, "149007": 3, "149008": 2, "149009": 1, "149010": 1,
    "149011": 3, "149012": 2,
}  # fmt: skip
RATIONALE = {
    "149004": "Strong leadership; outcomes were in line with national last year.",
    "149006": "New leadership still establishing; kept in Tier 2 for a year.",
    "149008": "Finance recovery plan agreed; monitor closely before Tier 3.",
}


def seed_tier_decisions(*, schools, ceo, academic_year):
    effective_on = datetime.date(academic_year, 9, 1)
    for urn, tier in LAST_TIERS.items():
        school = schools[urn]
        if school.tier_decisions.exists():
            continue
        TierDecision.objects.create(
            school=school,
            tier=tier,
            effective_on=effective_on,
            rationale=RATIONALE.get(urn, ""),
            decided_by=ceo,
            # Decided at the end of the summer term, before it took effect.
            decided_at=datetime.datetime(
                academic_year, 7, 10, 16, 0, tzinfo=timezone.get_current_timezone()
            ),
        )
