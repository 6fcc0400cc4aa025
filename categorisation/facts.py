"""Plain data that the tier rules read and return. No database, no Django
models: a selector builds SchoolEvidence from the evidence app, and the rules
in categorisation.criteria turn it into signals.

Academic and financial years are start years (2024 means 2024/25). Decimal
values are as recorded; None means absent (missing, suppressed or not
published), never zero.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class InspectionFacts:
    inspected_on: datetime.date
    framework: str  # "eif" or "renewed"
    inspection_type: str  # graded, ungraded, urgent, monitoring, report_card
    overall_effectiveness: int | None  # EIF 1-4, before September 2024 only
    # Area key -> grade on the inspection's own framework's scale:
    # EIF 1 Outstanding .. 4 Inadequate; renewed 1 Exceptional .. 5 Urgent
    # improvement. Never compare grades across frameworks.
    grades: dict = field(default_factory=dict)
    is_safeguarding_effective: bool | None = None
    category: str = ""  # "", serious_weaknesses, special_measures,
    # requires_significant_improvement


@dataclass(frozen=True)
class MeasureYear:
    academic_year: int
    value: Decimal | None
    availability: str  # published, suppressed, not_published
    national: Decimal | None


@dataclass(frozen=True)
class MeasureFacts:
    key: str
    label: str
    unit: str  # percent, score, progress, rate
    higher_is_better: bool
    years: tuple = ()  # MeasureYear, oldest first


@dataclass(frozen=True)
class AttendanceYear:
    academic_year: int
    overall_absence: Decimal
    persistent_absence: Decimal
    national_overall_absence: Decimal | None
    national_persistent_absence: Decimal | None


@dataclass(frozen=True)
class BehaviourYear:
    academic_year: int
    suspension_rate: Decimal
    permanent_exclusion_rate: Decimal
    national_suspension_rate: Decimal | None
    national_permanent_exclusion_rate: Decimal | None


@dataclass(frozen=True)
class FinanceYear:
    financial_year: int
    in_year_balance_percent: Decimal
    revenue_reserve_percent: Decimal
    staff_costs_percent: Decimal
    rating: str  # red, amber, light_green, dark_green


@dataclass(frozen=True)
class AuditFacts:
    audited_on: datetime.date
    overall: str  # effective, effective_with_actions, not_effective
    standards: dict = field(default_factory=dict)  # standard -> met/partly_met/not_met


@dataclass(frozen=True)
class JudgementFacts:
    area: str  # leadership_and_governance, teaching, behaviour
    judged_on: datetime.date
    judgement: str  # strong, secure, some_concerns, serious_concerns


@dataclass(frozen=True)
class ScrutinyFacts:
    scrutinised_on: datetime.date
    capacity: str  # strong, secure, limited, weak


@dataclass(frozen=True)
class WorkforceYear:
    academic_year: int
    staff_turnover: Decimal
    staff_satisfaction: Decimal | None


@dataclass(frozen=True)
class SchoolEvidence:
    """Everything the rules may read about one school, as of `today`."""

    urn: str
    name: str
    phase: str
    today: datetime.date
    inspection: InspectionFacts | None = None  # the latest
    outcomes: tuple = ()  # MeasureFacts, for the measures the school has
    attendance: tuple = ()  # AttendanceYear, whole years, oldest first
    behaviour: tuple = ()  # BehaviourYear, whole years, oldest first
    finance: tuple = ()  # FinanceYear, oldest first
    safeguarding: AuditFacts | None = None  # the latest audit
    judgements: tuple = ()  # JudgementFacts, the latest in each area
    scrutiny: ScrutinyFacts | None = None  # the latest SEF/SIP scrutiny
    workforce: tuple = ()  # WorkforceYear, oldest first


# Signal status: what the evidence behind a signal is like.
CURRENT = "current"
MISSING = "missing"
OUT_OF_DATE = "out_of_date"


@dataclass(frozen=True)
class Signal:
    """One criterion's reading of the evidence.

    tier is 1, 2 or 3, or None when the evidence is missing or out of date:
    absent evidence is reported, never read as a pass."""

    criterion: str
    label: str
    tier: int | None
    reason: str
    status: str = CURRENT

    def as_dict(self):
        return {
            "criterion": self.criterion,
            "label": self.label,
            "tier": self.tier,
            "reason": self.reason,
            "status": self.status,
        }


@dataclass(frozen=True)
class Recommendation:
    """The highest tier any signal points to, with every signal beside it.
    tier is None only when no signal has current evidence."""

    tier: int | None
    signals: tuple = ()

    @property
    def gaps(self):
        return [signal for signal in self.signals if signal.tier is None]
