import datetime
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from evidence.importing import RowError, evidence_import
from evidence.models import (
    AttainmentResult,
    Attendance,
    Behaviour,
    Finance,
    Framework,
    Inspection,
    QualityJudgement,
    SafeguardingAudit,
    Workforce,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "evidence"

pytestmark = pytest.mark.django_db

# source: (file, model, rows in the file)
GOOD_FILES = {
    "inspections": ("inspections.csv", Inspection, 3),
    "attainment": ("attainment_fixed.csv", AttainmentResult, 7),
    "attendance": ("attendance.csv", Attendance, 4),
    "behaviour": ("behaviour.csv", Behaviour, 3),
    "finance": ("finance.csv", Finance, 2),
    "safeguarding": ("safeguarding.csv", SafeguardingAudit, 2),
    "quality": ("quality.csv", QualityJudgement, 3),
    "workforce": ("workforce.csv", Workforce, 2),
}
# source: (text in row 3 of the good file, its bad replacement, column, message)
BAD_CELLS = {
    "inspections": (
        "100002,04/10/2022,Ungraded",
        "100002,31/09/2022,Ungraded",
        "Date",
        "“31/09/2022” is not a date",
    ),
    "attainment": (
        ",,Suppressed,30,",
        ",n/a,,30,",
        "Value",
        "“n/a” is not a number. If there is no figure, leave Value blank",
    ),
    "attendance": (
        "Spring term,6.4",
        "Sprung term,6.4",
        "Period",
        "“Sprung term” is not a period: use Autumn term, Spring term",
    ),
    "behaviour": (
        "1045,61,1",
        "1045,sixty,1",
        "Suspensions",
        "“sixty” is not a number",
    ),
    "finance": ("81.2,,Red", "81.2,,Crimson", "Trust's rating", "“Crimson” is not a"),
    "safeguarding": (
        "Trust safeguarding lead,Effective,",
        "Trust safeguarding lead,Fine,",
        "Overall judgement",
        "“Fine” is not an overall judgement",
    ),
    "quality": (
        "100001,05/02/2025,Leadership",
        "999999,05/02/2025,Leadership",
        "URN",
        "999999 is not the URN of one of the trust's schools.",
    ),
    "workforce": ("18.0,", "180,", "Staff turnover (%)", "less than or equal to 100"),
}


def fixture(name):
    return (FIXTURES / name).read_bytes()


def run(source, data, *, file_format="csv", **kwargs):
    return evidence_import(source=source, data=data, file_format=file_format, **kwargs)


def csv_bytes(*lines):
    return ("\r\n".join(lines) + "\r\n").encode()


@pytest.fixture
def schools(school_a, school_b):
    return school_a, school_b


@pytest.mark.parametrize("source", sorted(GOOD_FILES))
def test_good_file_creates_every_row(schools, admin_user, source):
    name, model, count = GOOD_FILES[source]

    result = run(source, fixture(name), recorded_by=admin_user)

    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (count, 0, 0)
    assert model.objects.count() == count
    assert set(model.objects.values_list("recorded_by", flat=True)) == {admin_user.pk}


@pytest.mark.parametrize("source", sorted(BAD_CELLS))
def test_one_bad_row_writes_nothing_and_is_named(schools, source):
    name, model, _ = GOOD_FILES[source]
    good, bad, column, message = BAD_CELLS[source]
    text = fixture(name).decode()
    assert text.count(good) == 1

    result = run(source, text.replace(good, bad).encode())

    assert [(error.row, error.column) for error in result.errors] == [(3, column)]
    assert message in result.errors[0].message
    assert result.created == 0
    assert model.objects.count() == 0


@pytest.mark.parametrize("source", sorted(GOOD_FILES))
def test_reimporting_the_same_file_changes_nothing(schools, source):
    name, model, count = GOOD_FILES[source]
    run(source, fixture(name))
    updated_at = sorted(model.objects.values_list("pk", "updated_at"))

    result = run(source, fixture(name))

    assert (result.created, result.updated, result.unchanged) == (0, 0, count)
    assert sorted(model.objects.values_list("pk", "updated_at")) == updated_at


def test_reimport_updates_in_place(schools, admin_user):
    run("attendance", fixture("attendance.csv"))
    first = Attendance.objects.get(school=schools[0], period="spring")
    changed = fixture("attendance.csv").decode().replace("6.4,17.0", "6.9,18.2")

    result = run("attendance", changed.encode(), recorded_by=admin_user)

    assert (result.created, result.updated, result.unchanged) == (0, 1, 3)
    first.refresh_from_db()
    assert first.overall_absence == Decimal("6.9")
    assert first.persistent_absence == Decimal("18.2")
    assert first.recorded_by == admin_user
    assert Attendance.objects.count() == 4


def test_dry_run_counts_but_writes_nothing(schools):
    result = run("workforce", fixture("workforce.csv"), dry_run=True)

    assert (result.created, result.updated) == (2, 0)
    assert not Workforce.objects.exists()


def test_every_bad_row_is_reported(schools):
    text = fixture("behaviour.csv").decode()
    text = text.replace("208,2,0", "0,2,0").replace("1032,118,3", "1032,-4,3.5")

    result = run("behaviour", text.encode())

    assert [(error.row, error.column) for error in result.errors] == [
        (2, "Pupils on roll"),
        (4, "Suspensions"),
        (4, "Permanent exclusions"),
    ]
    assert "“3.5” is not a whole number." in str(result.errors[2])
    assert not Behaviour.objects.exists()


def test_unknown_urn_names_the_row(schools):
    data = csv_bytes(
        "URN,Academic year,Staff turnover (%),Staff survey satisfaction (%)",
        "100001,2024/25,12.5,81",
        "123456,2024/25,10,70",
    )

    result = run("workforce", data)

    assert result.errors == [
        RowError(3, "URN", "123456 is not the URN of one of the trust's schools.")
    ]
    assert str(result.errors[0]).startswith("Row 3, column URN: 123456")


def test_blank_required_cell_is_named(schools):
    data = csv_bytes(
        "URN,Academic year,Staff turnover (%),Staff survey satisfaction (%)",
        "100001,,12.5,81",
    )

    result = run("workforce", data)

    assert result.errors == [
        RowError(2, "Academic year", "This cell is blank; it needs a value.")
    ]


def test_year_must_be_written_as_a_school_year(schools):
    data = csv_bytes(
        "URN,Academic year,Staff turnover (%),Staff survey satisfaction (%)",
        "100001,2024,12.5,81",
        "100002,2024/26,12.5,81",
    )

    result = run("workforce", data)

    assert [error.message for error in result.errors] == [
        "Write the year as 2024/25, not “2024”.",
        "“2024/26” is not a year: did you mean 2024/25?",
    ]


def test_the_same_record_twice_is_an_error(schools):
    data = csv_bytes(
        "URN,Academic year,Staff turnover (%),Staff survey satisfaction (%)",
        "100001,2024/25,12.5,81",
        "100002,2024/25,10,70",
        "100001,2024/25,13,80",
    )

    result = run("workforce", data)

    assert result.errors == [
        RowError(
            4,
            "URN, Academic year",
            "Row 2 has the same URN and Academic year; give each record once.",
        )
    ]
    assert not Workforce.objects.exists()


def test_header_must_match_the_template(schools):
    data = csv_bytes("urn, ACADEMIC YEAR ,Staff turnover,Notes", "100001,2024/25,12,x")

    result = run("workforce", data)

    assert [(error.row, error.column) for error in result.errors] == [
        (1, "Staff turnover"),
        (1, "Notes"),
        (1, "Staff turnover (%)"),
        (1, "Staff survey satisfaction (%)"),
    ]
    assert result.errors[-1].message == "This column is missing."


def test_blank_rows_are_skipped_and_rows_keep_their_numbers(schools):
    data = csv_bytes(
        "URN,Academic year,Staff turnover (%),Staff survey satisfaction (%)",
        ",,,",
        "",
        "100001,2024/25,twelve,81",
    )

    result = run("workforce", data)

    assert [(error.row, error.column) for error in result.errors] == [
        (4, "Staff turnover (%)")
    ]


def test_row_wider_than_the_header_is_an_error(schools):
    data = csv_bytes(
        "URN,Academic year,Staff turnover (%),Staff survey satisfaction (%)",
        "100001,2024/25,12,81,,extra",
    )

    result = run("workforce", data)

    assert result.errors == [
        RowError(2, "", "This row has more cells than the header has columns.")
    ]


def test_unreadable_files_are_refused(schools):
    assert run("workforce", b"").errors == [RowError(None, "", "The file is empty.")]
    assert run("workforce", b"PK\x03\x04 not a workbook", file_format="xlsx").errors[
        0
    ].message == ("This is not a readable XLSX workbook.")


# Sources with their own rules ----------------------------------------------------


def test_inspection_grades_stay_on_their_framework(schools):
    run("inspections", fixture("inspections.csv"))

    eif = Inspection.objects.get(inspected_on=datetime.date(2024, 3, 12))
    assert eif.framework == Framework.EIF
    assert eif.overall_effectiveness == 2
    assert eif.is_safeguarding_effective is True
    assert eif.report_url == "https://reports.ofsted.gov.uk/provider/21/100001"
    assert {grade.area: grade.grade_label for grade in eif.grades.all()} == {
        "quality_of_education": "Good",
        "behaviour_and_attitudes": "Good",
        "personal_development": "Outstanding",
        "leadership_and_management": "Good",
        "early_years": "Good",
    }
    renewed = Inspection.objects.get(inspected_on=datetime.date(2025, 11, 26))
    assert renewed.framework == Framework.RENEWED
    assert renewed.grades.get(area="achievement").grade_label == "Needs attention"
    assert renewed.grades.count() == 7
    ungraded = Inspection.objects.get(inspected_on=datetime.date(2022, 10, 4))
    assert not ungraded.grades.exists()


def test_inspection_grade_on_the_wrong_framework_is_refused(schools):
    text = fixture("inspections.csv").decode()
    # The report card inspection given an EIF grade, and an EIF word in a
    # report card column.
    text = text.replace(
        "/23/100002,,,,,,,Expected standard,",
        "/23/100002,Good,,,,,,Good,",
    )

    result = run("inspections", text.encode())

    assert [(error.row, error.column) for error in result.errors] == [
        (4, "EIF: Quality of education"),
        (4, "Report card: Inclusion"),
    ]
    assert result.errors[0].message == (
        "An inspection on 26 November 2025 falls under the renewed framework "
        "with report cards; leave the EIF columns blank."
    )
    assert result.errors[1].message == (
        "“Good” is not a grade of the renewed framework with report cards: use "
        "Exceptional, Strong standard, Expected standard, Needs attention or "
        "Urgent improvement."
    )
    assert not Inspection.objects.exists()


def test_overall_effectiveness_after_september_2024_is_refused(schools):
    text = fixture("inspections.csv").decode()
    text = text.replace("12/03/2024,Graded (section 5),Good", "10/10/2024,graded,Good")

    result = run("inspections", text.encode())

    assert result.errors == [
        RowError(
            2,
            "Overall effectiveness",
            "There is no overall effectiveness grade for inspections from "
            "2 September 2024.",
        )
    ]


def test_changed_grade_alone_updates_the_inspection(schools):
    run("inspections", fixture("inspections.csv"))
    text = fixture("inspections.csv").decode()
    text = text.replace("Good,Good,Outstanding,Good,Good", "Good,Good,Good,Good,Good")

    result = run("inspections", text.encode())

    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    eif = Inspection.objects.get(inspected_on=datetime.date(2024, 3, 12))
    assert eif.grades.get(area="personal_development").grade_label == "Good"
    assert eif.grades.count() == 5


def test_attainment_availability_follows_the_year(schools):
    run("attainment", fixture("attainment_fixed.csv"))

    results = {r.measure: r for r in AttainmentResult.objects.all()}
    assert results["ks2_reading_progress"].availability == "not_published"
    assert results["ks2_reading_progress"].value is None
    assert results["ks2_rwm_high"].availability == "suppressed"
    assert results["ks4_basics_5plus"].availability == "published"
    assert results["ks4_basics_5plus"].value == Decimal("48")
    assert results["ks4_basics_5plus"].disadvantaged_value == Decimal("29")
    assert results["ks2_rwm_expected"].cohort == 30


def test_attainment_value_for_an_unpublished_year_is_refused(schools):
    data = csv_bytes(
        "URN,Academic year,Measure,Value,Availability,Pupils in the cohort,"
        "Disadvantaged pupils' value",
        "100002,2024/25,ks4_progress8,0.12,,180,",
    )

    result = run("attainment", data)

    assert result.errors == [
        RowError(
            2,
            "Value",
            "DfE published no figure for this measure in 2024/25; leave the "
            "value blank.",
        )
    ]


def test_finance_reads_pounds_and_thousands(schools):
    run("finance", fixture("finance.csv"))

    finance = Finance.objects.get(school=schools[1])
    assert finance.total_income == Decimal("7250000")
    assert finance.in_year_balance == Decimal("-310000")
    assert finance.revenue_reserve == Decimal("-85000")
    assert finance.forecast_in_year_balance is None
    assert finance.rating == "red"
    assert Finance.objects.get(school=schools[0]).rating == "light_green"


def test_safeguarding_ratings_per_standard(schools):
    run("safeguarding", fixture("safeguarding.csv"))

    audit = SafeguardingAudit.objects.get(school=schools[0])
    assert audit.overall == "effective_with_actions"
    ratings = dict(audit.standards.values_list("standard", "rating"))
    assert ratings["safer_workforce"] == "partly_met"
    assert len(ratings) == 6
    other = SafeguardingAudit.objects.get(school=schools[1])
    assert "records" not in dict(other.standards.values_list("standard", "rating"))


def test_unchanged_rows_keep_who_recorded_them(schools, admin_user, ceo):
    run("workforce", fixture("workforce.csv"), recorded_by=ceo)

    run("workforce", fixture("workforce.csv"), recorded_by=admin_user)

    assert set(Workforce.objects.values_list("recorded_by", flat=True)) == {ceo.pk}


def test_changed_rating_alone_updates_the_audit(schools):
    run("safeguarding", fixture("safeguarding.csv"))
    text = fixture("safeguarding.csv").decode().replace("Partly met", "Not met")

    result = run("safeguarding", text.encode())

    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    audit = SafeguardingAudit.objects.get(school=schools[0])
    assert audit.standards.get(standard="safer_workforce").rating == "not_met"
    assert SafeguardingAudit.objects.count() == 2


# XLSX -----------------------------------------------------------------------------


def workbook_bytes(rows, *, formats=None):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_file_imports_like_csv(schools):
    data = workbook_bytes(
        [
            [
                "URN",
                "Academic year",
                "Period",
                "Overall absence (%)",
                "Persistent absence (%)",
                "Severe absence (%)",
            ],
            [100001, "2024/25", "Autumn term", 5.8, 0.152, None],
            [None, None, None, None, None, None],
            ["100002", "2024/25", "Summer term", 7, 21.5, 2.25],
        ],
        formats={"E2": "0.0%"},
    )

    result = run("attendance", data, file_format="xlsx")

    assert result.errors == []
    assert result.created == 2
    autumn = Attendance.objects.get(school=schools[0])
    assert autumn.overall_absence == Decimal("5.8")
    # Shown as 15.2% in Excel, held as 0.152.
    assert autumn.persistent_absence == Decimal("15.2")
    assert autumn.severe_absence is None


def test_xlsx_dates_and_bad_row_numbers(schools):
    data = workbook_bytes(
        [
            ["URN", "Date", "Area", "Judgement", "Summary"],
            [100001, datetime.date(2025, 2, 5), "Behaviour", "Secure", None],
            [100002, "5th Feb", "Behaviour", "Secure", "Calm"],
        ]
    )

    result = run("quality", data, file_format="xlsx")

    assert [(error.row, error.column) for error in result.errors] == [(3, "Date")]
    assert not QualityJudgement.objects.exists()

    fixed = workbook_bytes(
        [
            ["URN", "Date", "Area", "Judgement", "Summary"],
            [100001, datetime.date(2025, 2, 5), "Behaviour", "Secure", None],
        ]
    )
    assert run("quality", fixed, file_format="xlsx").created == 1
    judgement = QualityJudgement.objects.get()
    assert judgement.judged_on == datetime.date(2025, 2, 5)
    assert judgement.summary == ""
