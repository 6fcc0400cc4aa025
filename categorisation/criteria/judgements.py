"""Criteria 7 to 9, 11 and 12: the trust's own judgements. The CEO's
quality-assurance judgements of leadership and governance, teaching and
behaviour; the latest safeguarding audit; the scrutiny of the
self-evaluation and improvement plan."""

from evidence.frameworks import SAFEGUARDING_STANDARDS

from .base import (
    humanise,
    is_older_than_months,
    long_date,
    missing,
    out_of_date,
    plural,
    signal,
    threshold,
)

JUDGEMENTS = {
    "strong": ("strong", 1),
    "secure": ("secure", 1),
    "some_concerns": ("some concerns", 2),
    "serious_concerns": ("serious concerns", 3),
}
QUALITY_AREAS = {
    # criterion: (area in JudgementFacts, label, words in a sentence)
    "leadership_and_governance": (
        "leadership_and_governance",
        "Leadership and governance",
        "leadership and governance",
    ),
    "teaching": ("teaching", "Teaching", "teaching"),
    "behaviour_judgement": ("behaviour", "Behaviour (CEO's judgement)", "behaviour"),
}


def leadership_and_governance(evidence, thresholds):
    return _quality("leadership_and_governance", evidence, thresholds)


def teaching(evidence, thresholds):
    return _quality("teaching", evidence, thresholds)


def behaviour_judgement(evidence, thresholds):
    return _quality("behaviour_judgement", evidence, thresholds)


def _quality(criterion, evidence, thresholds):
    """Strong or secure is Tier 1, some concerns Tier 2, serious concerns
    Tier 3; older than judgement_max_age_months is out of date."""
    area, label, words = QUALITY_AREAS[criterion]
    found = [item for item in evidence.judgements if item.area == area]
    latest = max(found, key=lambda item: item.judged_on, default=None)
    if latest is None:
        return missing(criterion, label, f"No CEO judgement of {words} recorded.")
    day = long_date(latest.judged_on)
    known = JUDGEMENTS.get(latest.judgement)
    max_age = threshold(thresholds, "judgement_max_age_months")
    if is_older_than_months(latest.judged_on, evidence.today, max_age):
        given = known[0] if known else repr(latest.judgement)
        return out_of_date(
            criterion,
            label,
            f"The latest CEO judgement of {words}, {given} on {day}, is more "
            f"than {plural(max_age, 'month')} old.",
        )
    if known is None:
        return missing(
            criterion,
            label,
            f"The judgement of {words} on {day} ({latest.judgement!r}) is not one "
            f"the rules know.",
        )
    judgement, tier = known
    return signal(
        criterion,
        label,
        tier,
        f"{words[0].upper()}{words[1:]}: {judgement}, in the CEO's judgement on {day}.",
    )


# Criterion 11: safeguarding ---------------------------------------------------

SAFEGUARDING = "Safeguarding"
AUDIT_OVERALL = {
    "effective": ("effective", 1),
    "effective_with_actions": ("effective, with actions", 2),
    "not_effective": ("not effective", 3),
}
STANDARD_TIERS = {"met": 1, "partly_met": 2, "not_met": 3}
STANDARDS = {key: label.lower() for key, label in SAFEGUARDING_STANDARDS}


def safeguarding(evidence, thresholds):
    """The latest safeguarding audit: not effective or any standard not met
    is Tier 3; effective with actions or any standard partly met is Tier 2;
    effective is Tier 1. The inspection's safeguarding finding belongs to
    the inspection criterion."""
    audit = evidence.safeguarding
    if audit is None:
        return missing("safeguarding", SAFEGUARDING, "No safeguarding audit recorded.")
    day = long_date(audit.audited_on)
    max_age = threshold(thresholds, "audit_max_age_months")
    if is_older_than_months(audit.audited_on, evidence.today, max_age):
        return out_of_date(
            "safeguarding",
            SAFEGUARDING,
            f"The latest safeguarding audit, on {day}, is more than "
            f"{plural(max_age, 'month')} old.",
        )
    overall = AUDIT_OVERALL.get(audit.overall)
    tiers = [STANDARD_TIERS[r] for r in audit.standards.values() if r in STANDARD_TIERS]
    if overall is not None:
        tiers.append(overall[1])
    if not tiers:
        return missing(
            "safeguarding",
            SAFEGUARDING,
            f"The safeguarding audit on {day} has no judgement the rules know "
            f"({audit.overall!r}).",
        )
    return signal("safeguarding", SAFEGUARDING, max(tiers), _audit_reason(audit))


def _audit_reason(audit):
    overall = AUDIT_OVERALL.get(audit.overall)
    judgement = overall[0] if overall else f"not recorded ({audit.overall!r})"
    reason = f"Safeguarding audit on {long_date(audit.audited_on)}: {judgement}."
    for rating, words in (("not_met", "Not met"), ("partly_met", "Partly met")):
        standards = [
            STANDARDS.get(standard, humanise(standard).lower())
            for standard, given in audit.standards.items()
            if given == rating
        ]
        if standards:
            # Standards' names hold "and": a semicolon keeps them apart.
            reason += f" {words}: {'; '.join(standards)}."
    rated = [r for r in audit.standards.values() if r in STANDARD_TIERS]
    if rated and all(r == "met" for r in rated):
        reason += f" All {plural(len(rated), 'standard')} met."
    return reason


# Criterion 12: self-improvement capacity --------------------------------------

SELF_IMPROVEMENT = "Self-improvement capacity"
CAPACITY = {
    "strong": ("strong", 1),
    "secure": ("secure", 1),
    "limited": ("limited", 2),
    "weak": ("weak", 3),
}


def self_improvement(evidence, thresholds):
    """The CEO's scrutiny of the self-evaluation and improvement plan:
    strong or secure capacity is Tier 1, limited Tier 2, weak Tier 3."""
    scrutiny = evidence.scrutiny
    if scrutiny is None:
        return missing(
            "self_improvement",
            SELF_IMPROVEMENT,
            "No scrutiny of the self-evaluation or improvement plan recorded.",
        )
    day = long_date(scrutiny.scrutinised_on)
    max_age = threshold(thresholds, "scrutiny_max_age_months")
    if is_older_than_months(scrutiny.scrutinised_on, evidence.today, max_age):
        return out_of_date(
            "self_improvement",
            SELF_IMPROVEMENT,
            f"The latest scrutiny of the self-evaluation and improvement plan, "
            f"on {day}, is more than {plural(max_age, 'month')} old.",
        )
    known = CAPACITY.get(scrutiny.capacity)
    if known is None:
        return missing(
            "self_improvement",
            SELF_IMPROVEMENT,
            f"The scrutiny on {day} gives a capacity the rules do not know "
            f"({scrutiny.capacity!r}).",
        )
    capacity, tier = known
    return signal(
        "self_improvement",
        SELF_IMPROVEMENT,
        tier,
        f"Capacity for self-improvement: {capacity}, from the scrutiny of the "
        f"self-evaluation and improvement plan on {day}.",
    )
