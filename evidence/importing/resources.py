"""One django-import-export resource per source of evidence.

Each column is declared once, with its heading and an example, so the
templates, the header check and the import all read the same list. The
natural keys (import_id_fields) follow each model's unique constraint, so
importing a file again updates the same records.
"""

from decimal import Decimal

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    MultipleObjectsReturned,
    ValidationError,
)
from import_export import fields, resources
from import_export.widgets import CharWidget

from schools.models import academic_year_name

from ..measures import ATTAINMENT_MEASURES, MEASURES_BY_KEY, measure_choices
from ..models import (
    FRAMEWORK_AREAS,
    FRAMEWORK_GRADES,
    SAFEGUARDING_STANDARDS,
    AttainmentResult,
    Attendance,
    Availability,
    Behaviour,
    EifGrade,
    Finance,
    FinanceRating,
    Framework,
    Inspection,
    InspectionCategory,
    InspectionType,
    Period,
    QualityArea,
    QualityJudgement,
    QualityJudgementLevel,
    SafeguardingAudit,
    SafeguardingJudgement,
    StandardRating,
    Workforce,
    framework_on,
)
from .widgets import (
    ChoiceWidget,
    DateWidget,
    NumberWidget,
    UrnWidget,
    YearWidget,
    is_blank,
    or_list,
)


class Column(fields.Field):
    """A column of an import file: its heading, an example for the template
    and whether its cells may be blank."""

    def __init__(self, attribute, heading, widget, *, example="", required=True):
        super().__init__(attribute=attribute, column_name=heading, widget=widget)
        self.example = example
        self.required = required

    def clean(self, row, **kwargs):
        if self.required and is_blank(row.get(self.column_name)):
            raise ValueError("This cell is blank; it needs a value.")
        return super().clean(row, **kwargs)


class PartColumn(Column):
    """A column for one part of a record held in its own model: a grade per
    inspection area, a rating per safeguarding standard. Blank means the
    part was not judged."""

    def __init__(self, heading, widget, *, key, example="", framework=None):
        super().__init__(None, heading, widget, example=example, required=False)
        self.key = key
        self.framework = framework


def urn_column():
    return Column("school", "URN", UrnWidget(), example="100001")


def year_column(attribute="academic_year", heading="Academic year"):
    return Column(attribute, heading, YearWidget(), example="2024/25")


def choice_column(attribute, heading, choices, *, example, **kwargs):
    required = kwargs.pop("required", True)
    widget = ChoiceWidget(choices, **kwargs)
    return Column(attribute, heading, widget, example=example, required=required)


def number_column(attribute, heading, *, example, required=True, **kwargs):
    widget = NumberWidget(**kwargs)
    return Column(attribute, heading, widget, example=example, required=required)


class EvidenceResource(resources.ModelResource):
    """What every source's import shares: the school by URN, who recorded
    the rows, errors named by column, and no record given twice."""

    school = urn_column()

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        skip_html_diff = True
        use_transactions = True

    def __init__(self, *, recorded_by=None):
        super().__init__()
        self.recorded_by = recorded_by
        self.first_rows = {}

    def columns(self):
        return self.get_import_fields()

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            # A key cell that cannot be read matches no record; the cell
            # itself is reported when the row is read.
            return None
        except MultipleObjectsReturned:
            raise ValidationError(
                "The trust already holds two records with these details. "
                "Correct them in the browser, then import again."
            ) from None

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.message_dict
        for key, messages in self.import_more(instance, row).items():
            errors.setdefault(key, messages)
        if not errors:
            errors = self.check_given_once(instance, kwargs)
        if errors:
            raise ValidationError(errors)

    def import_more(self, instance, row):
        """Hook: read what the columns alone cannot; return errors by column."""
        return {}

    def check_given_once(self, instance, kwargs):
        # Without this, a second row with the same key would quietly
        # overwrite the first.
        names = self.get_import_id_fields()
        key = tuple(self.fields[name].get_value(instance) for name in names)
        row = file_row(kwargs)
        first = self.first_rows.setdefault(key, row)
        if first == row:
            return {}
        headings = [self.fields[name].column_name for name in names]
        same = or_list(headings, last="and")
        message = f"Row {first} has the same {same}; give each record once."
        return {", ".join(headings): [message]}

    def validate_instance(
        self, instance, import_validation_errors=None, validate_unique=True
    ):
        """As django-import-export does, but a cell already found wrong is
        not reported again by the model's own checks, nor a field without a
        column (one derived from a cell already found wrong)."""
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=errors.keys(), validate_unique=validate_unique)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                if not (errors and self.is_hidden_field(key)):
                    errors.setdefault(key, messages)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        instance.recorded_by = self.recorded_by

    def column_of(self, key):
        """The heading an error key belongs to; "" for the row as a whole."""
        headings = {field.attribute: field.column_name for field in self.columns()}
        if key in headings:
            return headings[key]
        return "" if key == NON_FIELD_ERRORS or self.is_hidden_field(key) else key

    def is_hidden_field(self, key):
        """Whether key names a model field that has no column."""
        attributes = {field.attribute for field in self.columns()}
        model_fields = {field.name for field in self._meta.model._meta.fields}
        return key in model_fields and key not in attributes


def file_row(kwargs):
    """The row's number in the file, from django-import-export's count of
    data rows and the file's row numbers passed to import_data."""
    index = kwargs["row_number"] - 1
    file_rows = kwargs.get("file_rows")
    return file_rows[index] if file_rows else index + 2


class PartsResource(EvidenceResource):
    """A record whose parts (grades, ratings) are columns of the same row
    and rows of another model, replaced whenever the record changes."""

    parts = ""  # the related name of the parts
    part_key = ""
    part_value = ""

    def part_columns(self):
        return [
            field for field in self.fields.values() if isinstance(field, PartColumn)
        ]

    def import_more(self, instance, row):
        instance.imported_parts, errors = {}, {}
        for column in self.part_columns():
            try:
                value = column.clean(row)
                self.check_part(instance, column, value)
            except ValueError as error:
                errors[column.column_name] = [str(error)]
                continue
            if value not in (None, ""):
                instance.imported_parts[column.key] = value
        return errors

    def check_part(self, instance, column, value):
        """Hook: raise ValueError if this part does not belong on the record."""

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if not super().skip_row(instance, original, row, import_validation_errors):
            return False
        return self.saved_parts(original) == instance.imported_parts

    def saved_parts(self, record):
        if record.pk is None:
            return {}
        parts = getattr(record, self.parts).values_list(self.part_key, self.part_value)
        return dict(parts)

    def after_save_instance(self, instance, row, **kwargs):
        parts = getattr(instance, self.parts)
        parts.all().delete()
        for key, value in instance.imported_parts.items():
            parts.create(**{self.part_key: key, self.part_value: value})


# Inspections -------------------------------------------------------------------

FRAMEWORK_HEADINGS = {Framework.EIF: "EIF", Framework.RENEWED: "Report card"}
FRAMEWORK_NAMES = {
    Framework.EIF: "the education inspection framework",
    Framework.RENEWED: "the renewed framework with report cards",
}
# The template's example is an EIF graded inspection with early years.
EXAMPLE_GRADES = {
    "quality_of_education": "Good",
    "behaviour_and_attitudes": "Good",
    "personal_development": "Good",
    "leadership_and_management": "Good",
    "early_years": "Outstanding",
}
SAFEGUARDING_OUTCOMES = [
    (True, "Effective"),
    (False, "Not effective"),
    (True, "Met"),
    (False, "Not met"),
]


def grade_columns():
    for framework, areas in FRAMEWORK_AREAS.items():
        grades = FRAMEWORK_GRADES[framework]
        kind = f"a grade of {FRAMEWORK_NAMES[framework]}"
        for area, label in areas:
            widget = ChoiceWidget(grades.choices, blank=None, kind=kind, values=False)
            example = EXAMPLE_GRADES.get(area, "") if framework == Framework.EIF else ""
            heading = f"{FRAMEWORK_HEADINGS[framework]}: {label}"
            yield (
                f"{framework}_{area}",
                PartColumn(
                    heading, widget, key=area, example=example, framework=framework
                ),
            )


class InspectionResource(PartsResource):
    """An inspection and one grade column per area of each framework. The
    framework follows from the date, so it has no column."""

    inspected_on = Column("inspected_on", "Date", DateWidget(), example="12/03/2024")
    inspection_type = choice_column(
        "inspection_type",
        "Inspection type",
        InspectionType.choices,
        example=InspectionType.GRADED.label,
        kind="an inspection type",
    )
    overall_effectiveness = choice_column(
        "overall_effectiveness",
        "Overall effectiveness",
        EifGrade.choices,
        example=EifGrade.GOOD.label,
        required=False,
        blank=None,
        values=False,
        kind="an overall effectiveness grade",
    )
    is_safeguarding_effective = choice_column(
        "is_safeguarding_effective",
        "Safeguarding",
        SAFEGUARDING_OUTCOMES,
        example="Effective",
        required=False,
        blank=None,
        values=False,
        kind="a safeguarding outcome",
    )
    category = choice_column(
        "category",
        "Category",
        InspectionCategory.choices,
        example="",
        required=False,
        kind="an inspection category",
    )
    report_url = Column(
        "report_url",
        "Report link",
        CharWidget(),
        example="https://reports.ofsted.gov.uk/provider/21/100001",
        required=False,
    )

    parts = "grades"
    part_key = "area"
    part_value = "grade"

    class Meta:
        model = Inspection
        fields = (
            "school",
            "inspected_on",
            "inspection_type",
            "overall_effectiveness",
            "is_safeguarding_effective",
            "category",
            "report_url",
        )
        import_id_fields = ("school", "inspected_on")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields.update(grade_columns())

    def import_more(self, instance, row):
        if instance.inspected_on:
            instance.framework = framework_on(instance.inspected_on)
        return super().import_more(instance, row)

    def check_part(self, instance, column, value):
        if value is None or not instance.framework:
            return
        if column.framework != instance.framework:
            day = instance.inspected_on
            raise ValueError(
                f"An inspection on {day.day} {day:%B %Y} falls under "
                f"{FRAMEWORK_NAMES[instance.framework]}; leave the "
                f"{FRAMEWORK_HEADINGS[column.framework]} columns blank."
            )


# Outcomes ------------------------------------------------------------------------


class AttainmentResource(EvidenceResource):
    """A measure's value for a year. With Availability blank, a measure DfE
    did not publish that year is recorded as not published, and any other
    as published."""

    academic_year = year_column()
    measure = choice_column(
        "measure",
        "Measure",
        measure_choices(ATTAINMENT_MEASURES),
        example=MEASURES_BY_KEY["ks2_rwm_expected"].label,
        kind="an attainment measure",
    )
    value = number_column(
        "value",
        "Value",
        example=Decimal("64"),
        required=False,
        hint="If there is no figure, leave Value blank and say why in Availability.",
    )
    availability = choice_column(
        "availability",
        "Availability",
        Availability.choices,
        example=Availability.PUBLISHED.label,
        required=False,
        kind="an availability",
    )
    cohort = number_column(
        "cohort", "Pupils in the cohort", example=30, required=False, whole=True
    )
    disadvantaged_value = number_column(
        "disadvantaged_value",
        "Disadvantaged pupils' value",
        example=Decimal("52"),
        required=False,
    )

    class Meta:
        model = AttainmentResult
        fields = (
            "school",
            "academic_year",
            "measure",
            "value",
            "availability",
            "cohort",
            "disadvantaged_value",
        )
        import_id_fields = ("school", "academic_year", "measure")

    def import_more(self, instance, row):
        measure = MEASURES_BY_KEY.get(instance.measure)
        if measure is None or instance.academic_year is None:
            return {}
        is_unpublished = instance.academic_year in measure.not_published
        if not instance.availability:
            instance.availability = (
                Availability.NOT_PUBLISHED
                if is_unpublished and instance.value is None
                else Availability.PUBLISHED
            )
        if is_unpublished and instance.value is not None:
            year = academic_year_name(instance.academic_year)
            message = f"DfE published no figure for this measure in {year}; "
            return {"value": [message + "leave the value blank."]}
        return {}


class AttendanceResource(EvidenceResource):
    academic_year = year_column()
    period = choice_column(
        "period", "Period", Period.choices, example=Period.AUTUMN.label, kind="a period"
    )
    overall_absence = number_column(
        "overall_absence", "Overall absence (%)", example=Decimal("6.1")
    )
    persistent_absence = number_column(
        "persistent_absence", "Persistent absence (%)", example=Decimal("17.5")
    )
    severe_absence = number_column(
        "severe_absence", "Severe absence (%)", example=Decimal("1.2"), required=False
    )

    class Meta:
        model = Attendance
        fields = (
            "school",
            "academic_year",
            "period",
            "overall_absence",
            "persistent_absence",
            "severe_absence",
        )
        import_id_fields = ("school", "academic_year", "period")


class BehaviourResource(EvidenceResource):
    academic_year = year_column()
    period = choice_column(
        "period", "Period", Period.choices, example=Period.AUTUMN.label, kind="a period"
    )
    pupils_on_roll = number_column(
        "pupils_on_roll", "Pupils on roll", example=210, whole=True
    )
    suspensions = number_column("suspensions", "Suspensions", example=4, whole=True)
    permanent_exclusions = number_column(
        "permanent_exclusions", "Permanent exclusions", example=0, whole=True
    )

    class Meta:
        model = Behaviour
        fields = (
            "school",
            "academic_year",
            "period",
            "pupils_on_roll",
            "suspensions",
            "permanent_exclusions",
        )
        import_id_fields = ("school", "academic_year", "period")


class FinanceResource(EvidenceResource):
    financial_year = year_column("financial_year", "Financial year")
    total_income = number_column(
        "total_income", "Total income (£)", example=Decimal("1450000")
    )
    in_year_balance = number_column(
        "in_year_balance", "In-year balance (£)", example=Decimal("-12500")
    )
    revenue_reserve = number_column(
        "revenue_reserve", "Revenue reserve (£)", example=Decimal("96000")
    )
    staff_costs_percent = number_column(
        "staff_costs_percent",
        "Staff costs (% of expenditure)",
        example=Decimal("78.5"),
    )
    forecast_in_year_balance = number_column(
        "forecast_in_year_balance",
        "Forecast in-year balance for next year (£)",
        example=Decimal("-4000"),
        required=False,
    )
    rating = choice_column(
        "rating",
        "Trust's rating",
        FinanceRating.choices,
        example=FinanceRating.LIGHT_GREEN.label,
        kind="a rating",
    )

    class Meta:
        model = Finance
        fields = (
            "school",
            "financial_year",
            "total_income",
            "in_year_balance",
            "revenue_reserve",
            "staff_costs_percent",
            "forecast_in_year_balance",
            "rating",
        )
        import_id_fields = ("school", "financial_year")


# Safeguarding, quality assurance and workforce -----------------------------------


def standard_columns():
    widget_kind = "a rating of a standard"
    for standard, label in SAFEGUARDING_STANDARDS:
        widget = ChoiceWidget(StandardRating.choices, kind=widget_kind)
        example = "Partly met" if standard == "safer_workforce" else "Met"
        yield (
            f"standard_{standard}",
            PartColumn(label, widget, key=standard, example=example),
        )


class SafeguardingAuditResource(PartsResource):
    """An audit and one rating column per standard. The report is uploaded
    in the browser, not imported."""

    audited_on = Column(
        "audited_on", "Date of audit", DateWidget(), example="20/11/2024"
    )
    auditor = Column(
        "auditor", "Auditor", CharWidget(), example="Local authority safeguarding lead"
    )
    overall = choice_column(
        "overall",
        "Overall judgement",
        SafeguardingJudgement.choices,
        example=SafeguardingJudgement.EFFECTIVE_WITH_ACTIONS.label,
        kind="an overall judgement",
    )
    actions = Column(
        "actions",
        "Actions agreed",
        CharWidget(),
        example="Check the single central record each half-term.",
        required=False,
    )

    parts = "standards"
    part_key = "standard"
    part_value = "rating"

    class Meta:
        model = SafeguardingAudit
        fields = ("school", "audited_on", "auditor", "overall", "actions")
        import_id_fields = ("school", "audited_on")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields.update(standard_columns())


class QualityJudgementResource(EvidenceResource):
    judged_on = Column("judged_on", "Date", DateWidget(), example="05/02/2025")
    area = choice_column(
        "area",
        "Area",
        QualityArea.choices,
        example=QualityArea.TEACHING.label,
        kind="an area",
    )
    judgement = choice_column(
        "judgement",
        "Judgement",
        QualityJudgementLevel.choices,
        example=QualityJudgementLevel.SECURE.label,
        kind="a judgement",
    )
    summary = Column(
        "summary",
        "Summary",
        CharWidget(),
        example="Consistent routines; questioning varies between classes.",
        required=False,
    )

    class Meta:
        model = QualityJudgement
        fields = ("school", "judged_on", "area", "judgement", "summary")
        import_id_fields = ("school", "judged_on", "area")


class WorkforceResource(EvidenceResource):
    academic_year = year_column()
    staff_turnover = number_column(
        "staff_turnover", "Staff turnover (%)", example=Decimal("12.5")
    )
    staff_satisfaction = number_column(
        "staff_satisfaction",
        "Staff survey satisfaction (%)",
        example=Decimal("81"),
        required=False,
    )

    class Meta:
        model = Workforce
        fields = ("school", "academic_year", "staff_turnover", "staff_satisfaction")
        import_id_fields = ("school", "academic_year")


RESOURCES = {
    "inspections": InspectionResource,
    "attainment": AttainmentResource,
    "attendance": AttendanceResource,
    "behaviour": BehaviourResource,
    "finance": FinanceResource,
    "safeguarding": SafeguardingAuditResource,
    "quality": QualityJudgementResource,
    "workforce": WorkforceResource,
}
