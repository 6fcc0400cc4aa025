"""Forms for entering and correcting evidence, uploading documents,
scrutinising them and keeping the national comparators.

Each source has one form, found by its slug in RECORD_FORMS, so the views stay
generic. Record forms are told the school by the view; every edit form carries
its record's version (VersionedFormMixin) so that two editors never overwrite
each other.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from pvat.concurrency import VersionedFormMixin
from pvat.widgets import DateInput
from schools.models import academic_year_name

from .measures import ATTAINMENT_MEASURES, MEASURES, MEASURES_BY_KEY
from .models import (
    FRAMEWORK_AREAS,
    FRAMEWORK_GRADES,
    SAFEGUARDING_STANDARDS,
    AttainmentResult,
    Attendance,
    Availability,
    Behaviour,
    DocumentKind,
    DocumentScrutiny,
    EifGrade,
    Finance,
    Framework,
    Inspection,
    InspectionCategory,
    InspectionType,
    NationalComparator,
    QualityJudgement,
    SafeguardingAudit,
    SelfImprovementCapacity,
    StandardRating,
    Workforce,
    framework_on,
)
from .uploads import ACCEPT, ALLOWED_DESCRIPTION, document_check

# Years ----------------------------------------------------------------------

YEAR_PATTERN = re.compile(r"^\s*(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*$")
FIRST_YEAR, LAST_YEAR = 2000, 2100


class AcademicYearField(forms.CharField):
    """A year typed as "2024/25", kept as its start year (2024)."""

    default_error_messages = {
        "invalid": "Enter the year as two years with a slash, like 2024/25.",
        "not_consecutive": "The second year must follow the first, like 2024/25.",
        "out_of_range": "Enter a year from 2000/01 to 2100/01.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "For example 2024/25.")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return academic_year_name(value) if isinstance(value, int) else value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        match = YEAR_PATTERN.match(value)
        if not match:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        start, end = int(match[1]), int(match[2])
        if end % 100 != (start + 1) % 100 or (end >= 100 and end != start + 1):
            raise ValidationError(
                self.error_messages["not_consecutive"], code="not_consecutive"
            )
        if not FIRST_YEAR <= start <= LAST_YEAR:
            raise ValidationError(
                self.error_messages["out_of_range"], code="out_of_range"
            )
        return start

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "size": 9}


# Values against their measure -------------------------------------------------

# What a value of each unit may be. Some measures have a scale of their own.
UNIT_RANGES = {
    "percent": (Decimal(0), Decimal(100), "A percentage is between 0 and 100."),
    "score": (Decimal(0), None, "A score cannot be below 0."),
    "rate": (Decimal(0), None, "A rate per 100 pupils cannot be below 0."),
    "progress": (None, None, ""),
}
MEASURE_RANGES = {
    "ks2_reading_average": (80, 120, "KS2 scaled scores run from 80 to 120."),
    "ks2_maths_average": (80, 120, "KS2 scaled scores run from 80 to 120."),
    "ks4_attainment8": (0, 90, "Attainment 8 runs from 0 to 90."),
    "ks4_ebacc_aps": (0, 9, "The EBacc average point score runs from 0 to 9."),
    "mtc_average": (0, 25, "The multiplication tables check has 25 questions."),
}


def measure_value_problem(measure, value):
    """What is wrong with this value for this measure, or "" if nothing."""
    if value is None:
        return ""
    low, high, message = MEASURE_RANGES.get(measure.key) or UNIT_RANGES[measure.unit]
    too_low = low is not None and value < low
    too_high = high is not None and value > high
    return message if too_low or too_high else ""


# Record forms ---------------------------------------------------------------------


@dataclass
class Fieldset:
    """A group of a form's fields, shown under a legend; the first group of
    a form has none. refresh_from is the field whose change redraws the
    group (with htmx; without it, saving does)."""

    legend: str
    names: list = field(default_factory=list)
    html_id: str = ""
    hint: str = ""
    refresh_from: object = None
    fields: list = field(default_factory=list)


class RecordForm(VersionedFormMixin, forms.ModelForm):
    """A form for one source's records at one school."""

    add_heading = ""
    edit_heading = ""

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school
        self.instance.school = school
        for form_field in self.fields.values():
            choices = getattr(form_field, "choices", None)
            if choices and choices[0] == ("", "---------"):
                form_field.choices = [("", "Choose one"), *choices[1:]]

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        # The school is not typed but it is known: keep it in model validation
        # so that the unique constraints starting with it are checked here,
        # with a message, rather than failing at the database.
        exclusions.discard("school")
        return exclusions

    def field_groups(self):
        """The fieldsets after the first, which holds every other field."""
        return []

    def fieldsets(self):
        groups = self.field_groups()
        grouped = {name for group in groups for name in group.names}
        first = [self[name] for name in self.fields if name not in grouped]
        for group in groups:
            group.fields = [self[name] for name in group.names if name in self.fields]
        return [Fieldset("", fields=first), *groups]


def _unique_message(message):
    return {NON_FIELD_ERRORS: {"unique_together": message}}


def _with_blank(label, choices):
    return [("", label), *choices]


# Inspections

SAFEGUARDING_LABELS = {
    Framework.EIF: ("Effective", "Not effective"),
    Framework.RENEWED: ("Met", "Not met"),
}
FRAMEWORK_CATEGORIES = {
    Framework.EIF: [
        InspectionCategory.SERIOUS_WEAKNESSES,
        InspectionCategory.SPECIAL_MEASURES,
    ],
    Framework.RENEWED: [
        InspectionCategory.REQUIRES_SIGNIFICANT_IMPROVEMENT,
        InspectionCategory.SPECIAL_MEASURES,
    ],
}
FRAMEWORK_NAMES = {
    Framework.EIF: "education inspection framework",
    Framework.RENEWED: "renewed framework with report cards",
}
FRAMEWORK_LEGENDS = {
    Framework.EIF: "Judgements on the education inspection framework",
    Framework.RENEWED: "Evaluation areas on the renewed framework (report card)",
}
FRAMEWORK_HINTS = {
    Framework.EIF: "For inspections before 10 November 2025. Leave early years "
    "and sixth form as Not graded where the school has none, and every grade "
    "for an ungraded inspection.",
    Framework.RENEWED: "For inspections from 10 November 2025. Leave early "
    "years and post-16 as Not graded where the school has none.",
}


def _coerce_bool(value):
    return value == "True"


class InspectionForm(RecordForm):
    """An inspection with a grade per area of its framework, which follows
    from the date. The grade fields are named after their framework, so an
    EIF grade is never read as a report card grade or the other way round."""

    add_heading = "Add an inspection"
    edit_heading = "Edit an inspection"
    report_url = forms.URLField(
        label="Report link",
        max_length=300,
        required=False,
        assume_scheme="https",
        help_text="The report's address on the Ofsted website.",
    )

    class Meta:
        model = Inspection
        fields = [
            "inspected_on",
            "inspection_type",
            "report_url",
            "overall_effectiveness",
            "is_safeguarding_effective",
            "category",
        ]
        widgets = {"inspected_on": DateInput()}
        labels = {"inspected_on": "Date of inspection"}
        error_messages = _unique_message(
            "This school already has an inspection on this date: edit that one."
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.framework = self._framework()
        shown = self.data.get(self.add_prefix("grades_framework"))
        self.has_framework_changed = self.is_bound and shown != self.framework
        if self.has_framework_changed:
            # Ask again on the new framework's scale; a category of the old
            # one may not exist on the new.
            self.data = self.data.copy()
            self.data[self.add_prefix("grades_framework")] = self.framework
            self.data.pop(self.add_prefix("category"), None)
        self.fields["grades_framework"] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=self.framework
        )
        self._set_judgement_fields()

    def _framework(self):
        """The framework of the date typed, or of the record, or of today."""
        day = None
        if self.is_bound:
            raw = self.data.get(self.add_prefix("inspected_on"))
            try:
                day = self.fields["inspected_on"].clean(raw)
            except ValidationError:
                day = None
        else:
            day = self.initial.get("inspected_on")
        if day:
            return framework_on(day)
        return self.instance.framework or framework_on(timezone.localdate())

    def _set_judgement_fields(self):
        grades = FRAMEWORK_GRADES[self.framework]
        saved = self._saved_grades()
        for area, label in FRAMEWORK_AREAS[self.framework]:
            self.fields[self._grade_name(area)] = forms.TypedChoiceField(
                label=label,
                choices=_with_blank("Not graded", grades.choices),
                coerce=int,
                empty_value=None,
                required=False,
                initial=saved.get(area),
            )
        effective, not_effective = SAFEGUARDING_LABELS[self.framework]
        self.fields["is_safeguarding_effective"] = forms.TypedChoiceField(
            label="Safeguarding",
            choices=[
                ("", "Not recorded"),
                ("True", effective),
                ("False", not_effective),
            ],
            coerce=_coerce_bool,
            empty_value=None,
            required=False,
        )
        self.fields["category"].choices = _with_blank(
            InspectionCategory.NONE.label,
            [(c.value, c.label) for c in FRAMEWORK_CATEGORIES[self.framework]],
        )
        if self.framework == Framework.EIF:
            overall = self.fields["overall_effectiveness"]
            overall.choices = _with_blank("No overall grade", EifGrade.choices)
            overall.help_text = "Graded inspections before 2 September 2024 only."
        else:
            del self.fields["overall_effectiveness"]

    def _saved_grades(self):
        if not self.instance.pk or self.instance.framework != self.framework:
            return {}
        return {grade.area: grade.grade for grade in self.instance.grades.all()}

    def _grade_name(self, area):
        return f"{self.framework}_{area}"

    def field_groups(self):
        names = [
            "grades_framework",
            *(self._grade_name(area) for area, _ in FRAMEWORK_AREAS[self.framework]),
            "overall_effectiveness",
            "is_safeguarding_effective",
            "category",
        ]
        group = Fieldset(
            FRAMEWORK_LEGENDS[self.framework],
            names,
            html_id="inspection-grades",
            hint=FRAMEWORK_HINTS[self.framework],
            refresh_from=self["inspected_on"],
        )
        return [group]

    def grades(self):
        """The (area, grade) pairs given, on this form's framework."""
        pairs = (
            (area, self.cleaned_data.get(self._grade_name(area)))
            for area, _ in FRAMEWORK_AREAS[self.framework]
        )
        return [(area, grade) for area, grade in pairs if grade is not None]

    def clean(self):
        cleaned_data = super().clean()
        # Set even when refusing below: the model's clean() runs whatever
        # happens here and compares the framework with the date.
        self.instance.framework = self.framework
        if self.framework == Framework.RENEWED:
            self.instance.overall_effectiveness = None
        if self.has_framework_changed:
            raise ValidationError(self._framework_changed_message())
        inspection_type = cleaned_data.get("inspection_type")
        self._check_type(inspection_type)
        self._check_grades(inspection_type)
        return cleaned_data

    def _framework_changed_message(self):
        side = "from" if self.framework == Framework.RENEWED else "before"
        return (
            f"This date is {side} 10 November 2025, so the inspection is under "
            f"the {FRAMEWORK_NAMES[self.framework]}. Its grades are now asked "
            "for on that framework's scale below: enter them and save again."
        )

    def _check_type(self, inspection_type):
        if inspection_type == InspectionType.REPORT_CARD and (
            self.framework == Framework.EIF
        ):
            self.add_error(
                "inspection_type",
                "Report card inspections began on 10 November 2025.",
            )
        if inspection_type == InspectionType.GRADED and (
            self.framework == Framework.RENEWED
        ):
            self.add_error(
                "inspection_type",
                "Inspections from 10 November 2025 are report card inspections, "
                "not graded ones.",
            )

    def _check_grades(self, inspection_type):
        if inspection_type == InspectionType.UNGRADED and self.grades():
            self.add_error(
                None,
                "An ungraded inspection gives no grades: leave every area as "
                "Not graded.",
            )
        overall = self.cleaned_data.get("overall_effectiveness")
        if overall and inspection_type != InspectionType.GRADED:
            self.add_error(
                "overall_effectiveness",
                "Only a graded inspection has an overall effectiveness grade.",
            )


# Outcomes


def _measure_choices(measures):
    """Measures grouped under their key stage, for a select with optgroups."""
    groups = {}
    for measure in measures:
        groups.setdefault(measure.group, []).append((measure.key, measure.label))
    return [("", "Choose a measure"), *groups.items()]


class AttainmentResultForm(RecordForm):
    add_heading = "Add an attainment result"
    edit_heading = "Edit an attainment result"
    academic_year = AcademicYearField(label="Academic year")

    class Meta:
        model = AttainmentResult
        fields = [
            "measure",
            "academic_year",
            "availability",
            "value",
            "cohort",
            "disadvantaged_value",
        ]
        help_texts = {
            "value": "Leave empty when the figure was suppressed or not published.",
            "availability": "A suppressed or unpublished figure is kept as absent, "
            "never as zero, and never counts as a fall.",
        }
        error_messages = _unique_message(
            "There is already a result for this measure and year: edit that one."
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = _measure_choices(ATTAINMENT_MEASURES)

    def clean(self):
        cleaned_data = super().clean()
        measure = MEASURES_BY_KEY.get(cleaned_data.get("measure"))
        if measure is None:
            return cleaned_data
        for name in ("value", "disadvantaged_value"):
            problem = measure_value_problem(measure, cleaned_data.get(name))
            if problem:
                self.add_error(name, problem)
        self._check_published(measure, cleaned_data)
        return cleaned_data

    def _check_published(self, measure, cleaned_data):
        year = cleaned_data.get("academic_year")
        availability = cleaned_data.get("availability")
        is_published = availability == Availability.PUBLISHED
        if is_published and year in measure.not_published:
            self.add_error(
                "availability",
                f"DfE published no figure for “{measure.label}” in "
                f"{academic_year_name(year)}: choose "
                f"“{Availability.NOT_PUBLISHED.label}”.",
            )
        if not is_published and cleaned_data.get("disadvantaged_value") is not None:
            self.add_error(
                "disadvantaged_value",
                "A suppressed or unpublished measure has no disadvantaged "
                "pupils' value either.",
            )


class AttendanceForm(RecordForm):
    add_heading = "Add attendance"
    edit_heading = "Edit attendance"
    academic_year = AcademicYearField(label="Academic year")

    class Meta:
        model = Attendance
        fields = [
            "academic_year",
            "period",
            "overall_absence",
            "persistent_absence",
            "severe_absence",
        ]
        help_texts = {
            "overall_absence": "Sessions missed as a percentage of possible sessions.",
            "persistent_absence": "Pupils missing 10% or more of sessions, as "
            "a percentage of pupils.",
            "severe_absence": "Pupils missing 50% or more of sessions, as a "
            "percentage of pupils.",
        }
        error_messages = _unique_message(
            "There is already attendance for this year and period: edit that one."
        )

    def clean(self):
        cleaned_data = super().clean()
        severe = cleaned_data.get("severe_absence")
        persistent = cleaned_data.get("persistent_absence")
        if severe is not None and persistent is not None and severe > persistent:
            self.add_error(
                "severe_absence",
                "Severely absent pupils are persistently absent too, so severe "
                "absence cannot be above persistent absence.",
            )
        return cleaned_data


class BehaviourForm(RecordForm):
    add_heading = "Add behaviour and exclusions"
    edit_heading = "Edit behaviour and exclusions"
    academic_year = AcademicYearField(label="Academic year")

    class Meta:
        model = Behaviour
        fields = [
            "academic_year",
            "period",
            "pupils_on_roll",
            "suspensions",
            "permanent_exclusions",
        ]
        help_texts = {
            "suspensions": "The number of suspensions, not of pupils suspended.",
        }
        error_messages = _unique_message(
            "There is already a behaviour record for this year and period: edit "
            "that one."
        )

    def clean(self):
        cleaned_data = super().clean()
        pupils = cleaned_data.get("pupils_on_roll")
        excluded = cleaned_data.get("permanent_exclusions")
        if pupils and excluded is not None and excluded > pupils:
            self.add_error(
                "permanent_exclusions",
                "There cannot be more permanent exclusions than pupils on roll.",
            )
        return cleaned_data


class FinanceForm(RecordForm):
    add_heading = "Add a financial year"
    edit_heading = "Edit a financial year"
    financial_year = AcademicYearField(
        label="Financial year",
        help_text="September to August, for example 2024/25.",
    )

    class Meta:
        model = Finance
        fields = [
            "financial_year",
            "total_income",
            "in_year_balance",
            "revenue_reserve",
            "staff_costs_percent",
            "forecast_in_year_balance",
            "rating",
        ]
        labels = {
            "total_income": "Total income (£)",
            "in_year_balance": "In-year balance (£)",
            "revenue_reserve": "Revenue reserve (£)",
            "forecast_in_year_balance": "Forecast in-year balance for next year (£)",
        }
        help_texts = {
            "in_year_balance": "A deficit is negative, for example -25000.",
            "revenue_reserve": "Negative when the school is in cumulative deficit.",
        }
        error_messages = _unique_message(
            "There is already a record for this financial year: edit that one."
        )


class QualityJudgementForm(RecordForm):
    add_heading = "Add a quality judgement"
    edit_heading = "Edit a quality judgement"

    class Meta:
        model = QualityJudgement
        fields = ["judged_on", "area", "judgement", "summary"]
        widgets = {"judged_on": DateInput(), "summary": forms.Textarea({"rows": 5})}
        labels = {"judged_on": "Date of judgement"}
        help_texts = {"summary": "The evidence behind the judgement, briefly."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("judged_on", timezone.localdate())


class WorkforceForm(RecordForm):
    add_heading = "Add workforce figures"
    edit_heading = "Edit workforce figures"
    academic_year = AcademicYearField(label="Academic year")

    class Meta:
        model = Workforce
        fields = ["academic_year", "staff_turnover", "staff_satisfaction"]
        error_messages = _unique_message(
            "There are already workforce figures for this year: edit those."
        )


# Safeguarding


class SafeguardingAuditForm(RecordForm):
    """An audit with a rating per standard and, optionally, its report, which
    is checked like any upload and kept as a new document version."""

    add_heading = "Add a safeguarding audit"
    edit_heading = "Edit a safeguarding audit"
    report_file = forms.FileField(
        label="Audit report (optional)",
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )

    class Meta:
        model = SafeguardingAudit
        fields = ["audited_on", "auditor", "overall", "actions"]
        widgets = {"audited_on": DateInput(), "actions": forms.Textarea({"rows": 5})}
        labels = {"audited_on": "Date of audit"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        saved = self._saved_ratings()
        for standard, label in SAFEGUARDING_STANDARDS:
            self.fields[f"standard_{standard}"] = forms.ChoiceField(
                label=label,
                choices=_with_blank("Not rated", StandardRating.choices),
                required=False,
                initial=saved.get(standard),
            )
        self.fields["report_file"].help_text = self._report_help()

    def _saved_ratings(self):
        if not self.instance.pk:
            return {}
        return {row.standard: row.rating for row in self.instance.standards.all()}

    def _report_help(self):
        limit = filesizeformat(settings.EVIDENCE_UPLOAD_MAX_BYTES)
        help_text = f"{ALLOWED_DESCRIPTION}, up to {limit}."
        report = self.instance.report if self.instance.pk else None
        if report:
            help_text += (
                f" The current report is {report.original_name}; a new file "
                "replaces it here and both are kept."
            )
        return help_text

    def field_groups(self):
        names = [f"standard_{standard}" for standard, _ in SAFEGUARDING_STANDARDS]
        return [
            Fieldset(
                "Rating per standard",
                names,
                hint="Leave a standard as Not rated if the audit did not cover it.",
            ),
            Fieldset("Actions and report", ["actions", "report_file"]),
        ]

    def clean_report_file(self):
        upload = self.cleaned_data.get("report_file")
        return document_check(upload) if upload else None

    def standard_ratings(self):
        """The (standard, rating) pairs given."""
        pairs = (
            (standard, self.cleaned_data.get(f"standard_{standard}"))
            for standard, _ in SAFEGUARDING_STANDARDS
        )
        return [(standard, rating) for standard, rating in pairs if rating]


RECORD_FORMS = {
    "inspections": InspectionForm,
    "attainment": AttainmentResultForm,
    "attendance": AttendanceForm,
    "behaviour": BehaviourForm,
    "finance": FinanceForm,
    "safeguarding": SafeguardingAuditForm,
    "quality": QualityJudgementForm,
    "workforce": WorkforceForm,
}


# Documents ----------------------------------------------------------------------


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="Document",
        choices=[
            (DocumentKind.SEF.value, DocumentKind.SEF.label),
            (DocumentKind.SIP.value, DocumentKind.SIP.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether this is the SEF or the SIP."},
    )
    file = forms.FileField(
        label="File",
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": "Choose the file to upload."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = filesizeformat(settings.EVIDENCE_UPLOAD_MAX_BYTES)
        self.fields[
            "file"
        ].help_text = (
            f"{ALLOWED_DESCRIPTION}, up to {limit}. Earlier versions are kept."
        )

    def clean_file(self):
        """The upload, checked: a uploads.CheckedDocument."""
        return document_check(self.cleaned_data["file"])


class DocumentScrutinyForm(forms.ModelForm):
    class Meta:
        model = DocumentScrutiny
        fields = ["comments", "self_improvement_capacity"]
        widgets = {
            "comments": forms.Textarea({"rows": 8}),
            "self_improvement_capacity": forms.RadioSelect,
        }
        labels = {"self_improvement_capacity": "Capacity for self-improvement"}
        help_texts = {
            "comments": "How accurate the self-evaluation is and how well the "
            "plan addresses it.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radio buttons need no empty choice.
        capacity = self.fields["self_improvement_capacity"]
        capacity.choices = SelfImprovementCapacity.choices


# National comparators -------------------------------------------------------------


class ComparatorForm(VersionedFormMixin, forms.ModelForm):
    academic_year = AcademicYearField(label="Academic year")

    class Meta:
        model = NationalComparator
        fields = ["measure", "academic_year", "value", "source"]
        labels = {"value": "National value"}
        help_texts = {
            "value": "Percentages as a number from 0 to 100, without the % sign.",
            "source": "Where the figure was published.",
        }
        error_messages = _unique_message(
            "There is already a national figure for this measure and year: edit "
            "that one."
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = _measure_choices(MEASURES)

    def clean(self):
        cleaned_data = super().clean()
        measure = MEASURES_BY_KEY.get(cleaned_data.get("measure"))
        problem = measure and measure_value_problem(measure, cleaned_data.get("value"))
        if problem:
            self.add_error("value", problem)
        return cleaned_data
