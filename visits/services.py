"""Placeholder: the schedule service is being written (visits issue)."""


def visit_schedule_replace(*, school_id, tier_decision_id):
    """Replace the school's future planned visits under its new tier's cadence."""
