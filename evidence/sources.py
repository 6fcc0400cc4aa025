"""The sources of evidence, each with its URL slug, model and how recent it
must be to count as up to date. Views, imports and the profile read this
registry rather than naming models one by one."""

from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class Source:
    slug: str
    label: str
    model_name: str
    description: str

    @property
    def model(self):
        return apps.get_model("evidence", self.model_name)


SOURCES = [
    Source(
        "inspections",
        "Inspections",
        "Inspection",
        "Ofsted inspections under either framework, with their grades.",
    ),
    Source(
        "attainment",
        "Attainment and progress",
        "AttainmentResult",
        "Key stage results, phonics, multiplication tables check and early "
        "years, against national figures.",
    ),
    Source(
        "attendance",
        "Attendance",
        "Attendance",
        "Overall, persistent and severe absence by term and year.",
    ),
    Source(
        "behaviour",
        "Behaviour and exclusions",
        "Behaviour",
        "Suspensions and permanent exclusions, as counts and rates per 100 pupils.",
    ),
    Source(
        "finance",
        "Finance",
        "Finance",
        "In-year balance, revenue reserve and staff costs by financial year.",
    ),
    Source(
        "safeguarding",
        "Safeguarding audits",
        "SafeguardingAudit",
        "External and internal safeguarding audits, rated per standard.",
    ),
    Source(
        "quality",
        "Leadership, teaching and behaviour",
        "QualityJudgement",
        "The CEO's quality-assurance judgements.",
    ),
    Source(
        "workforce",
        "Workforce",
        "Workforce",
        "Staff turnover and staff survey satisfaction.",
    ),
    Source(
        "documents",
        "Self-evaluation and improvement plan",
        "EvidenceDocument",
        "The school's SEF and SIP, every version, with the CEO's scrutiny.",
    ),
]

SOURCES_BY_SLUG = {source.slug: source for source in SOURCES}


def source_by_slug(slug):
    """The source with this slug, or None."""
    return SOURCES_BY_SLUG.get(slug)
