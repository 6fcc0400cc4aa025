"""One line per signal: each calls a service of this app."""


def tier_changed(sender, *, school_id, tier_decision_id, **kwargs):
    from .services import visit_schedule_replace

    visit_schedule_replace(school_id=school_id, tier_decision_id=tier_decision_id)


def tier_changed_focus_days(sender, *, school_id, tier_decision_id, new_tier, **kwargs):
    from .focus_days import focus_days_withdraw_for_tier

    effective_on = sender.objects.values_list("effective_on", flat=True).get(
        pk=tier_decision_id
    )
    focus_days_withdraw_for_tier(
        school_id=school_id, new_tier=new_tier, effective_on=effective_on
    )
