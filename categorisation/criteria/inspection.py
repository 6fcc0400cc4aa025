"""Criterion 1: the latest Ofsted inspection, read on its own framework's
scale. Grades are never mapped from one framework to the other."""

from evidence.frameworks import EIF_AREAS, RENEWED_AREAS

from .base import (
    humanise,
    is_older_than_years,
    long_date,
    missing,
    out_of_date,
    plural,
    signal,
    threshold,
)

CRITERION = "inspection"
LABEL = "Inspection"

EIF = "eif"
RENEWED = "renewed"
FRAMEWORK_NAMES = {
    EIF: "the education inspection framework",
    RENEWED: "the renewed framework",
}
# Grade -> (label, tier), each on its own framework's scale.
GRADES = {
    EIF: {
        1: ("Outstanding", 1),
        2: ("Good", 1),
        3: ("Requires improvement", 2),
        4: ("Inadequate", 3),
    },
    RENEWED: {
        1: ("Exceptional", 1),
        2: ("Strong standard", 1),
        3: ("Expected standard", 1),
        4: ("Needs attention", 2),
        5: ("Urgent improvement", 3),
    },
}
# Area names as they read inside a sentence.
AREAS = {key: label.lower() for key, label in EIF_AREAS + RENEWED_AREAS}
CATEGORIES = {
    "serious_weaknesses": "serious weaknesses",
    "special_measures": "special measures",
    "requires_significant_improvement": "requires significant improvement",
}
TYPES = {
    "graded": "Graded inspection",
    "ungraded": "Ungraded inspection",
    "urgent": "Urgent inspection",
    "monitoring": "Monitoring inspection",
    "report_card": "Report card inspection",
}
# Inspections that give grades; the others (ungraded, urgent, monitoring)
# may give none.
GRADED_TYPES = {"graded", "report_card"}
SAFEGUARDING_WORDS = {
    EIF: {True: "effective", False: "not effective"},
    RENEWED: {True: "met", False: "not met"},
}
NO_GRADES = (
    "No grades: the school is taken to have kept the standard of its last "
    "graded inspection, which is not part of this evidence."
)


def inspection(evidence, thresholds):
    """Tier 3 for Inadequate (EIF) or Urgent improvement (renewed) in any
    judgement, a category, or safeguarding not effective / not met; Tier 2
    for Requires improvement (EIF) or Needs attention (renewed); Tier 1
    otherwise. An inspection with no grades and nothing against it is Tier
    1, said plainly."""
    found = evidence.inspection
    if found is None:
        return missing(CRITERION, LABEL, "No inspection recorded.")
    max_age = threshold(thresholds, "inspection_max_age_years")
    if is_older_than_years(found.inspected_on, evidence.today, max_age):
        return out_of_date(
            CRITERION,
            LABEL,
            f"The latest inspection recorded, on {long_date(found.inspected_on)}, "
            f"was more than {plural(max_age, 'year')} ago.",
        )
    if found.framework not in GRADES:
        return _unknown_framework(found)
    tier = _tier(found)
    if tier == 1 and not _grades(found) and found.inspection_type in GRADED_TYPES:
        return missing(CRITERION, LABEL, f"{_opening(found)} No grades recorded.")
    return signal(CRITERION, LABEL, tier, _reason(found))


def _tier(found):
    scale = GRADES[found.framework]
    tiers = [scale[grade][1] for grade in _grades(found) if grade in scale]
    if found.category or found.is_safeguarding_effective is False:
        tiers.append(3)
    return max(tiers, default=1)


def _grades(found):
    """Every grade the inspection gave; EIF's overall effectiveness counts
    like a judgement. The renewed framework has no overall grade."""
    grades = list(found.grades.values())
    if found.framework == EIF and found.overall_effectiveness is not None:
        grades.append(found.overall_effectiveness)
    return grades


def _reason(found):
    sentences = [_opening(found)]
    sentences.extend(_grade_sentences(found))
    if found.category:
        sentences.append(f"Category: {_category(found.category)}.")
    sentences.append(_safeguarding(found))
    if _tier(found) == 1 and not _grades(found):
        sentences.append(NO_GRADES)
    return " ".join(sentences)


def _opening(found):
    kind = TYPES.get(found.inspection_type, "Inspection")
    framework = FRAMEWORK_NAMES[found.framework]
    return f"{kind} on {long_date(found.inspected_on)} under {framework}."


def _grade_sentences(found):
    sentences = []
    if found.framework == EIF and found.overall_effectiveness is not None:
        overall = _grade_name(found.framework, found.overall_effectiveness)
        sentences.append(f"Overall effectiveness: {overall}.")
    parts = [
        f"{_area_name(area)}: {_grade_name(found.framework, grade)}"
        for area, grade in found.grades.items()
    ]
    if parts:
        text = "; ".join(parts)
        sentences.append(text[0].upper() + text[1:] + ".")
    return sentences


def _area_name(area):
    """In lower case, to sit mid-sentence: "post-16 (sixth form)"."""
    return AREAS.get(area) or humanise(area).lower()


def _grade_name(framework, grade):
    known = GRADES[framework].get(grade)
    return known[0] if known else f"grade {grade} (not on this framework's scale)"


def _category(category):
    return CATEGORIES.get(category, str(category).replace("_", " "))


def _safeguarding(found):
    if found.is_safeguarding_effective is None:
        return "Safeguarding not recorded."
    words = SAFEGUARDING_WORDS[found.framework]
    return f"Safeguarding {words[bool(found.is_safeguarding_effective)]}."


def _unknown_framework(found):
    """Grades on an unknown scale cannot be read; a category or failed
    safeguarding still can."""
    day = long_date(found.inspected_on)
    if found.category or found.is_safeguarding_effective is False:
        concern = (
            f"category: {_category(found.category)}"
            if found.category
            else "safeguarding not effective"
        )
        return signal(
            CRITERION,
            LABEL,
            3,
            f"Inspection on {day}, on a framework the rules do not know "
            f"({found.framework}): {concern}.",
        )
    return missing(
        CRITERION,
        LABEL,
        f"Inspection on {day} is on a framework the rules do not know "
        f"({found.framework}), so its grades cannot be read.",
    )
