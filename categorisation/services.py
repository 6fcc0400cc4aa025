"""Recording tier decisions. The only writer of TierDecision."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.roles import Role

from .models import TierDecision
from .signals import tier_changed

logger = logging.getLogger(__name__)


def tier_decision_record(
    *,
    school,
    tier,
    decided_by,
    recommendation=None,
    effective_on=None,
    rationale="",
    annual_review=None,
    joining_review=None,
):
    """Record a school's tier. A rationale is required when the tier differs
    from the recommendation. Returns the new TierDecision.

    When the tier changes, the school's headteachers are e-mailed and
    tier_changed is sent, both once the decision is committed."""
    recommended = recommendation.tier if recommendation else None
    if recommended is not None and tier != recommended and not rationale.strip():
        raise ValidationError(
            {"rationale": "Say why the tier differs from the recommended tier."}
        )
    with transaction.atomic():
        previous = school.tier_decisions.select_for_update().first()
        decision = TierDecision.objects.create(
            school=school,
            tier=tier,
            recommended_tier=recommended,
            rationale=rationale.strip(),
            signals=[s.as_dict() for s in recommendation.signals]
            if recommendation
            else [],
            decided_by=decided_by,
            annual_review=annual_review,
            joining_review=joining_review,
            # Today read now, not the model default's reference to the
            # clock, so that whoever pins the clock pins this too.
            effective_on=effective_on or timezone.localdate(),
        )
    old_tier = previous.tier if previous else None
    logger.info(
        "Tier decision %s: school %s tier %s (was %s) by user %s",
        decision.pk,
        school.pk,
        tier,
        old_tier,
        decided_by.pk,
    )
    if old_tier != tier:
        transaction.on_commit(lambda: _announce(decision, old_tier))
    return decision


def _announce(decision, old_tier):
    tier_changed.send(
        sender=TierDecision,
        school_id=decision.school_id,
        tier_decision_id=decision.pk,
        old_tier=old_tier,
        new_tier=decision.tier,
    )
    _notify_headteachers(decision, old_tier)


def _notify_headteachers(decision, old_tier):
    school = decision.school
    heads = school.memberships.current().filter(
        role=Role.HEADTEACHER, user__is_active=True
    )
    recipients = [membership.user.email for membership in heads.select_related("user")]
    if not recipients:
        return
    context = {
        "school": school,
        "decision": decision,
        "old_tier": old_tier,
        "trust_name": settings.TRUST_NAME,
        "site_domain": settings.SITE_DOMAIN,
    }
    send_mail(
        render_to_string(
            "categorisation/email/tier_changed_subject.txt", context
        ).strip(),
        render_to_string("categorisation/email/tier_changed.txt", context),
        None,
        recipients,
    )
    logger.info(
        "Tier change %s e-mailed to %s headteacher(s)", decision.pk, len(recipients)
    )
