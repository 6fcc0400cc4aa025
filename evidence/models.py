"""The evidence a tier decision rests on, one model per source.

Academic and financial years are stored as their start year (2024 means
2024/25), so evidence can reach back before the trust's calendar begins.
Every record belongs to one school; access to it is access to that school.
"""

import datetime
import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format

from schools.models import academic_year_name

from .frameworks import EIF_AREAS, RENEWED_AREAS, SAFEGUARDING_STANDARDS
from .measures import ATTAINMENT_MEASURES, measure_choices

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]
RENEWED_FRAMEWORK_FROM = datetime.date(2025, 11, 10)
OVERALL_GRADE_DROPPED_ON = datetime.date(2024, 9, 2)


def percent_field(label, **kwargs):
    return models.DecimalField(
        label, max_digits=5, decimal_places=2, validators=PERCENT, **kwargs
    )


class EvidenceRecord(models.Model):
    """What every evidence row carries: its school and who recorded it."""

    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="%(class)s_records"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class YearlyRecord(EvidenceRecord):
    academic_year = models.PositiveSmallIntegerField(
        validators=YEAR, help_text="The start year: 2024 for 2024/25."
    )

    class Meta:
        abstract = True

    @property
    def academic_year_name(self):
        return academic_year_name(self.academic_year)


class Period(models.TextChoices):
    AUTUMN = "autumn", "Autumn term"
    SPRING = "spring", "Spring term"
    SUMMER = "summer", "Summer term"
    YEAR = "year", "Whole year"


# Inspections ----------------------------------------------------------------


class Framework(models.TextChoices):
    EIF = "eif", "Education inspection framework (to November 2025)"
    RENEWED = "renewed", "Renewed framework with report cards (from November 2025)"


class InspectionType(models.TextChoices):
    GRADED = "graded", "Graded (section 5)"
    UNGRADED = "ungraded", "Ungraded (section 8)"
    URGENT = "urgent", "Urgent (section 8)"
    MONITORING = "monitoring", "Monitoring (section 8)"
    REPORT_CARD = "report_card", "Report card inspection"


class InspectionCategory(models.TextChoices):
    NONE = "", "No category"
    SERIOUS_WEAKNESSES = "serious_weaknesses", "Serious weaknesses"
    SPECIAL_MEASURES = "special_measures", "Special measures"
    REQUIRES_SIGNIFICANT_IMPROVEMENT = (
        "requires_significant_improvement",
        "Requires significant improvement",
    )


class EifGrade(models.IntegerChoices):
    OUTSTANDING = 1, "Outstanding"
    GOOD = 2, "Good"
    REQUIRES_IMPROVEMENT = 3, "Requires improvement"
    INADEQUATE = 4, "Inadequate"


class ReportCardGrade(models.IntegerChoices):
    EXCEPTIONAL = 1, "Exceptional"
    STRONG = 2, "Strong standard"
    EXPECTED = 3, "Expected standard"
    NEEDS_ATTENTION = 4, "Needs attention"
    URGENT_IMPROVEMENT = 5, "Urgent improvement"


FRAMEWORK_AREAS = {Framework.EIF: EIF_AREAS, Framework.RENEWED: RENEWED_AREAS}
FRAMEWORK_GRADES = {Framework.EIF: EifGrade, Framework.RENEWED: ReportCardGrade}


def framework_on(day):
    return Framework.RENEWED if day >= RENEWED_FRAMEWORK_FROM else Framework.EIF


class Inspection(EvidenceRecord):
    """An Ofsted inspection. Grades stay on their own framework's scale."""

    inspected_on = models.DateField()
    framework = models.CharField(max_length=10, choices=Framework.choices)
    inspection_type = models.CharField(max_length=12, choices=InspectionType.choices)
    overall_effectiveness = models.PositiveSmallIntegerField(
        choices=EifGrade.choices,
        null=True,
        blank=True,
        help_text="Graded inspections under the EIF before 2 September 2024 only.",
    )
    is_safeguarding_effective = models.BooleanField(
        "safeguarding effective (EIF) or met (report card)", null=True, blank=True
    )
    category = models.CharField(
        max_length=40, choices=InspectionCategory.choices, blank=True
    )
    report_url = models.URLField("report link", max_length=300, blank=True)

    class Meta:
        ordering = ["-inspected_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "inspected_on"], name="inspection_unique_per_day"
            )
        ]

    def __str__(self):
        when = date_format(self.inspected_on, "j F Y")
        return f"{self.get_inspection_type_display()}, {when}"

    def clean(self):
        errors = {}
        expected = framework_on(self.inspected_on) if self.inspected_on else None
        if self.framework and expected and self.framework != expected:
            errors["framework"] = (
                "Inspections from 10 November 2025 use the renewed framework; "
                "earlier ones use the education inspection framework."
            )
        if self.overall_effectiveness and (
            self.framework == Framework.RENEWED
            or (self.inspected_on and self.inspected_on >= OVERALL_GRADE_DROPPED_ON)
        ):
            errors["overall_effectiveness"] = (
                "There is no overall effectiveness grade for inspections from "
                "2 September 2024."
            )
        if errors:
            raise ValidationError(errors)


class InspectionGrade(models.Model):
    """One judgement (EIF) or evaluation area (report card) and its grade."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="grades"
    )
    area = models.CharField(max_length=40)
    grade = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "area"], name="inspection_grade_unique_area"
            )
        ]

    def __str__(self):
        return f"{self.area_label}: {self.grade_label}"

    @property
    def area_label(self):
        return dict(FRAMEWORK_AREAS[self.inspection.framework]).get(
            self.area, self.area
        )

    @property
    def grade_label(self):
        return FRAMEWORK_GRADES[self.inspection.framework](self.grade).label

    def clean(self):
        framework = self.inspection.framework
        if self.area not in dict(FRAMEWORK_AREAS[framework]):
            raise ValidationError({"area": "This area is not on this framework."})
        if self.grade not in FRAMEWORK_GRADES[framework].values:
            raise ValidationError({"grade": "This grade is not on this framework."})


# Outcomes ---------------------------------------------------------------------


class Availability(models.TextChoices):
    PUBLISHED = "published", "Published"
    SUPPRESSED = "suppressed", "Suppressed (small cohort or low coverage)"
    NOT_PUBLISHED = "not_published", "Not published for this year"


class AttainmentResult(YearlyRecord):
    """A school's value for one measure in one year. A suppressed or
    unpublished value is kept as such, with no number: it is absent, never
    zero and never a fall."""

    measure = models.CharField(
        max_length=40, choices=measure_choices(ATTAINMENT_MEASURES)
    )
    value = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    availability = models.CharField(
        max_length=15, choices=Availability.choices, default=Availability.PUBLISHED
    )
    cohort = models.PositiveIntegerField("pupils in the cohort", null=True, blank=True)
    disadvantaged_value = models.DecimalField(
        "disadvantaged pupils' value",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["measure", "-academic_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year", "measure"],
                name="attainment_unique_measure_year",
            )
        ]

    def __str__(self):
        return f"{self.get_measure_display()} {self.academic_year_name}"

    def clean(self):
        if self.availability == Availability.PUBLISHED and self.value is None:
            raise ValidationError(
                {"value": "Enter the value, or say why there is none."}
            )
        if self.availability != Availability.PUBLISHED and self.value is not None:
            raise ValidationError(
                {"value": "A suppressed or unpublished measure has no value."}
            )


class NationalComparator(models.Model):
    """England's figure for a measure in a year, maintained by the admin."""

    academic_year = models.PositiveSmallIntegerField(validators=YEAR)
    measure = models.CharField(max_length=40, choices=measure_choices())
    value = models.DecimalField(max_digits=6, decimal_places=2)
    source = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["measure", "-academic_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["academic_year", "measure"], name="comparator_unique"
            )
        ]

    def __str__(self):
        return f"{self.get_measure_display()} {academic_year_name(self.academic_year)}"

    @property
    def academic_year_name(self):
        return academic_year_name(self.academic_year)


class Attendance(YearlyRecord):
    period = models.CharField(max_length=10, choices=Period.choices)
    overall_absence = percent_field("overall absence (%)")
    persistent_absence = percent_field("persistent absence (%)")
    severe_absence = percent_field("severe absence (%)", null=True, blank=True)

    class Meta:
        ordering = ["-academic_year", "period"]
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year", "period"],
                name="attendance_unique_period",
            )
        ]

    def __str__(self):
        return f"Attendance {self.get_period_display()} {self.academic_year_name}"


class Behaviour(YearlyRecord):
    period = models.CharField(max_length=10, choices=Period.choices)
    pupils_on_roll = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    suspensions = models.PositiveIntegerField()
    permanent_exclusions = models.PositiveIntegerField()

    class Meta:
        ordering = ["-academic_year", "period"]
        verbose_name_plural = "behaviour and exclusions"
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year", "period"],
                name="behaviour_unique_period",
            )
        ]

    def __str__(self):
        return f"Behaviour {self.get_period_display()} {self.academic_year_name}"

    @property
    def suspension_rate(self):
        return _per_hundred(self.suspensions, self.pupils_on_roll)

    @property
    def permanent_exclusion_rate(self):
        return _per_hundred(self.permanent_exclusions, self.pupils_on_roll)


def _per_hundred(count, pupils):
    return (Decimal(count) * 100 / Decimal(pupils)).quantize(Decimal("0.01"))


# Finance ----------------------------------------------------------------------


class FinanceRating(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    LIGHT_GREEN = "light_green", "Light green"
    DARK_GREEN = "dark_green", "Dark green"


class Finance(EvidenceRecord):
    """One academy financial year (September to August)."""

    financial_year = models.PositiveSmallIntegerField(
        validators=YEAR, help_text="The start year: 2024 for 2024/25."
    )
    total_income = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(1)]
    )
    in_year_balance = models.DecimalField(max_digits=12, decimal_places=2)
    revenue_reserve = models.DecimalField(max_digits=12, decimal_places=2)
    staff_costs_percent = percent_field("staff costs (% of expenditure)")
    forecast_in_year_balance = models.DecimalField(
        "forecast in-year balance for next year",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    rating = models.CharField(
        "trust's rating", max_length=12, choices=FinanceRating.choices
    )

    class Meta:
        ordering = ["-financial_year"]
        verbose_name_plural = "finance"
        constraints = [
            models.UniqueConstraint(
                fields=["school", "financial_year"], name="finance_unique_year"
            )
        ]

    def __str__(self):
        return f"Finance {self.financial_year_name}"

    @property
    def financial_year_name(self):
        return academic_year_name(self.financial_year)

    @property
    def in_year_balance_percent(self):
        return _percent_of(self.in_year_balance, self.total_income)

    @property
    def revenue_reserve_percent(self):
        return _percent_of(self.revenue_reserve, self.total_income)


def _percent_of(amount, income):
    return (Decimal(amount) * 100 / Decimal(income)).quantize(Decimal("0.1"))


# Safeguarding -----------------------------------------------------------------


class SafeguardingJudgement(models.TextChoices):
    EFFECTIVE = "effective", "Effective"
    EFFECTIVE_WITH_ACTIONS = "effective_with_actions", "Effective, with actions"
    NOT_EFFECTIVE = "not_effective", "Not effective"


class StandardRating(models.TextChoices):
    MET = "met", "Met"
    PARTLY_MET = "partly_met", "Partly met"
    NOT_MET = "not_met", "Not met"


class SafeguardingAudit(EvidenceRecord):
    audited_on = models.DateField()
    auditor = models.CharField(max_length=200, help_text="Organisation or role.")
    overall = models.CharField(
        "overall judgement", max_length=30, choices=SafeguardingJudgement.choices
    )
    actions = models.TextField("actions agreed", blank=True)
    report = models.ForeignKey(
        "evidence.EvidenceDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-audited_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "audited_on"], name="safeguarding_audit_unique_day"
            )
        ]

    def __str__(self):
        return f"Safeguarding audit, {date_format(self.audited_on, 'j F Y')}"


class SafeguardingStandard(models.Model):
    audit = models.ForeignKey(
        SafeguardingAudit, on_delete=models.CASCADE, related_name="standards"
    )
    standard = models.CharField(max_length=40, choices=SAFEGUARDING_STANDARDS)
    rating = models.CharField(max_length=12, choices=StandardRating.choices)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "standard"], name="safeguarding_standard_unique"
            )
        ]

    def __str__(self):
        return f"{self.get_standard_display()}: {self.get_rating_display()}"


# Quality assurance and workforce ------------------------------------------------


class QualityArea(models.TextChoices):
    LEADERSHIP = "leadership_and_governance", "Leadership and governance"
    TEACHING = "teaching", "Quality of teaching"
    BEHAVIOUR = "behaviour", "Behaviour"


class QualityJudgementLevel(models.TextChoices):
    STRONG = "strong", "Strong"
    SECURE = "secure", "Secure"
    SOME_CONCERNS = "some_concerns", "Some concerns"
    SERIOUS_CONCERNS = "serious_concerns", "Serious concerns"


class QualityJudgement(EvidenceRecord):
    """The CEO's quality-assurance finding on leadership and governance,
    teaching or behaviour."""

    judged_on = models.DateField()
    area = models.CharField(max_length=30, choices=QualityArea.choices)
    judgement = models.CharField(max_length=20, choices=QualityJudgementLevel.choices)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["-judged_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "judged_on", "area"],
                name="quality_judgement_unique_area_day",
            )
        ]

    def __str__(self):
        return f"{self.get_area_display()}: {self.get_judgement_display()}"


class Workforce(YearlyRecord):
    staff_turnover = percent_field("staff turnover (%)")
    staff_satisfaction = percent_field(
        "staff survey satisfaction (%)", null=True, blank=True
    )

    class Meta:
        ordering = ["-academic_year"]
        verbose_name_plural = "workforce"
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year"], name="workforce_unique_year"
            )
        ]

    def __str__(self):
        return f"Workforce {self.academic_year_name}"


# Documents --------------------------------------------------------------------


class DocumentKind(models.TextChoices):
    SEF = "sef", "Self-evaluation (SEF)"
    SIP = "sip", "School improvement plan (SIP)"
    SAFEGUARDING_REPORT = "safeguarding_report", "Safeguarding audit report"


def document_path(document, filename):
    """A name made by the server; the person's file name is kept only as data."""
    suffix = PurePath(filename).suffix.lower()
    return f"evidence/{document.school_id}/{uuid.uuid4().hex}{suffix}"


class EvidenceDocument(EvidenceRecord):
    """An uploaded document. Each upload of a kind is a new version; earlier
    versions stay."""

    kind = models.CharField(max_length=30, choices=DocumentKind.choices)
    version = models.PositiveIntegerField()
    file = models.FileField(upload_to=document_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "kind", "version"], name="document_unique_version"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} version {self.version}"


class SelfImprovementCapacity(models.TextChoices):
    STRONG = "strong", "Strong"
    SECURE = "secure", "Secure"
    LIMITED = "limited", "Limited"
    WEAK = "weak", "Weak"


class DocumentScrutiny(models.Model):
    """The CEO's scrutiny of a SEF or SIP."""

    document = models.ForeignKey(
        EvidenceDocument, on_delete=models.PROTECT, related_name="scrutinies"
    )
    comments = models.TextField()
    self_improvement_capacity = models.CharField(
        max_length=10, choices=SelfImprovementCapacity.choices
    )
    scrutinised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    scrutinised_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-scrutinised_at"]
        verbose_name_plural = "document scrutinies"

    def __str__(self):
        return f"Scrutiny of {self.document}"
