"""One line per signal: each calls a service of this app."""


def tier_changed(sender, *, school_id, tier_decision_id, **kwargs):
    from .services import visit_schedule_replace

    visit_schedule_replace(school_id=school_id, tier_decision_id=tier_decision_id)
