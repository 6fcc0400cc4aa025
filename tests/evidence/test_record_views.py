from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from evidence.forms import AttendanceForm
from evidence.models import (
    AttainmentResult,
    Attendance,
    Behaviour,
    EvidenceDocument,
    Finance,
    Inspection,
    InspectionGrade,
    QualityJudgement,
    SafeguardingAudit,
    Workforce,
)
from evidence.services import evidence_record_save

# Per source: the model, a valid new record as posted, one invalid change with
# the message it must bring, and one correction with the value it stores.
SOURCES = {
    "inspections": {
        "model": Inspection,
        "valid": {
            "inspected_on": "2023-05-10",
            "inspection_type": "graded",
            "grades_framework": "eif",
            "eif_quality_of_education": "2",
            "eif_behaviour_and_attitudes": "1",
            "eif_personal_development": "2",
            "eif_leadership_and_management": "2",
            "overall_effectiveness": "2",
            "is_safeguarding_effective": "True",
            "category": "",
            "report_url": "",
        },
        "invalid": (
            {"inspection_type": "report_card"},
            "Report card inspections began on 10 November 2025.",
        ),
        "change": ("report_url", "https://reports.ofsted.gov.uk/provider/1"),
    },
    "attainment": {
        "model": AttainmentResult,
        "valid": {
            "measure": "ks2_rwm_expected",
            "academic_year": "2024/25",
            "availability": "published",
            "value": "64",
            "cohort": "30",
            "disadvantaged_value": "51.5",
        },
        "invalid": (
            {"availability": "suppressed", "disadvantaged_value": ""},
            "A suppressed or unpublished measure has no value.",
        ),
        "change": ("cohort", 31),
    },
    "attendance": {
        "model": Attendance,
        "valid": {
            "academic_year": "2024/25",
            "period": "year",
            "overall_absence": "6.1",
            "persistent_absence": "15.2",
            "severe_absence": "1.1",
        },
        "invalid": (
            {"severe_absence": "16"},
            "severe absence cannot be above persistent absence",
        ),
        "change": ("overall_absence", Decimal("5.90")),
    },
    "behaviour": {
        "model": Behaviour,
        "valid": {
            "academic_year": "2024/25",
            "period": "autumn",
            "pupils_on_roll": "210",
            "suspensions": "4",
            "permanent_exclusions": "0",
        },
        "invalid": (
            {"permanent_exclusions": "300"},
            "There cannot be more permanent exclusions than pupils on roll.",
        ),
        "change": ("suspensions", 6),
    },
    "finance": {
        "model": Finance,
        "valid": {
            "financial_year": "2024/25",
            "total_income": "1500000",
            "in_year_balance": "-20000",
            "revenue_reserve": "95000",
            "staff_costs_percent": "78.5",
            "forecast_in_year_balance": "",
            "rating": "amber",
        },
        "invalid": (
            {"financial_year": "2024/26"},
            "The second year must follow the first, like 2024/25.",
        ),
        "change": ("rating", "red"),
    },
    "safeguarding": {
        "model": SafeguardingAudit,
        "valid": {
            "audited_on": "2025-03-01",
            "auditor": "Local authority safeguarding team",
            "overall": "effective_with_actions",
            "actions": "Update the single central record.",
            "standard_leadership": "met",
            "standard_safer_workforce": "partly_met",
        },
        "invalid": ({"auditor": ""}, "This field is required."),
        "change": ("auditor", "External consultant"),
    },
    "quality": {
        "model": QualityJudgement,
        "valid": {
            "judged_on": "2025-10-01",
            "area": "teaching",
            "judgement": "secure",
            "summary": "Learning walks in every year group.",
        },
        "invalid": ({"judgement": "excellent"}, "Select a valid choice."),
        "change": ("summary", "Follow-up walks confirmed it."),
    },
    "workforce": {
        "model": Workforce,
        "valid": {
            "academic_year": "2024/25",
            "staff_turnover": "12.5",
            "staff_satisfaction": "80",
        },
        "invalid": (
            {"staff_turnover": "101"},
            "Ensure this value is less than or equal to 100.",
        ),
        "change": ("staff_turnover", Decimal("10.00")),
    },
}


def _create_url(school, source):
    return reverse("evidence:record_create", args=[school.urn, source])


def _edit_url(school, source, record):
    return reverse("evidence:record_edit", args=[school.urn, source, record.pk])


def _form_values(form):
    """What the browser would post back for a form as it was drawn."""
    values = {}
    for name in form.fields:
        value = form[name].value()
        values[name] = "" if value is None else value
    return values


@pytest.fixture
def ceo_client(client, ceo):
    client.force_login(ceo)
    return client


def _create(client, school, source):
    response = client.post(_create_url(school, source), SOURCES[source]["valid"])
    assert response.status_code == 302, response.context["form"].errors
    return SOURCES[source]["model"].objects.get(school=school)


@pytest.mark.django_db
@pytest.mark.parametrize("source", SOURCES)
def test_ceo_creates_a_record_of_each_source(ceo_client, ceo, school_a, source):
    response = ceo_client.post(_create_url(school_a, source), SOURCES[source]["valid"])

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "evidence:source", args=[school_a.urn, source]
    )
    record = SOURCES[source]["model"].objects.get()
    assert record.school == school_a
    assert record.recorded_by == ceo


@pytest.mark.django_db
@pytest.mark.parametrize("source", SOURCES)
def test_invalid_record_re_renders_with_its_error_and_writes_nothing(
    ceo_client, school_a, source
):
    change, message = SOURCES[source]["invalid"]
    data = {**SOURCES[source]["valid"], **change}

    response = ceo_client.post(_create_url(school_a, source), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'role="alert"' in page
    assert not SOURCES[source]["model"].objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("source", SOURCES)
def test_ceo_corrects_a_record(ceo_client, school_a, source):
    record = _create(ceo_client, school_a, source)
    url = _edit_url(school_a, source, record)
    name, value = SOURCES[source]["change"]
    data = _form_values(ceo_client.get(url).context["form"])
    data[name] = str(value)

    response = ceo_client.post(url, data)

    assert response.status_code == 302, response.context["form"].errors
    record.refresh_from_db()
    assert getattr(record, name) == value


@pytest.mark.django_db
@pytest.mark.parametrize("source", SOURCES)
def test_stale_edit_is_refused_and_keeps_the_typed_values(ceo_client, school_a, source):
    record = _create(ceo_client, school_a, source)
    url = _edit_url(school_a, source, record)
    opened = _form_values(ceo_client.get(url).context["form"])
    name, value = SOURCES[source]["change"]
    ceo_client.post(url, opened)  # someone else saves first
    before = SOURCES[source]["model"].objects.get(pk=record.pk)

    response = ceo_client.post(url, {**opened, name: str(value)})

    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode()
    assert response.context["form"].data[name] == str(value)
    record.refresh_from_db()
    assert getattr(record, name) == getattr(before, name)


@pytest.mark.django_db
def test_year_is_shown_back_as_typed(ceo_client, school_a):
    record = _create(ceo_client, school_a, "attendance")

    response = ceo_client.get(_edit_url(school_a, "attendance", record))

    assert record.academic_year == 2024
    assert 'value="2024/25"' in response.content.decode()


@pytest.mark.django_db
def test_duplicate_record_is_refused_with_a_message(ceo_client, school_a):
    _create(ceo_client, school_a, "attendance")

    response = ceo_client.post(
        _create_url(school_a, "attendance"), SOURCES["attendance"]["valid"]
    )

    assert response.status_code == 200
    assert "There is already attendance for this year and period" in (
        response.content.decode()
    )
    assert Attendance.objects.count() == 1


@pytest.mark.django_db
def test_quality_judgement_date_defaults_to_today(ceo_client, school_a):
    response = ceo_client.get(_create_url(school_a, "quality"))

    today = timezone.localdate().isoformat()
    assert f'value="{today}"' in response.content.decode()


@pytest.mark.django_db
def test_unpublished_measure_is_kept_without_a_value(ceo_client, school_a):
    data = {
        **SOURCES["attainment"]["valid"],
        "measure": "ks2_reading_progress",
        "availability": "not_published",
        "value": "",
        "disadvantaged_value": "",
    }

    response = ceo_client.post(_create_url(school_a, "attainment"), data)

    assert response.status_code == 302
    result = AttainmentResult.objects.get()
    assert result.value is None
    assert result.availability == "not_published"


@pytest.mark.django_db
def test_measure_that_was_not_published_cannot_have_a_value(ceo_client, school_a):
    data = {
        **SOURCES["attainment"]["valid"],
        "measure": "ks2_reading_progress",
        "value": "1.5",
        "disadvantaged_value": "",
    }

    response = ceo_client.post(_create_url(school_a, "attainment"), data)

    assert "DfE published no figure for “KS2 reading progress” in 2024/25" in (
        response.content.decode()
    )
    assert not AttainmentResult.objects.exists()


@pytest.mark.django_db
def test_percentage_above_100_is_refused(ceo_client, school_a):
    data = {**SOURCES["attainment"]["valid"], "value": "120"}

    response = ceo_client.post(_create_url(school_a, "attainment"), data)

    assert "A percentage is between 0 and 100." in response.content.decode()
    assert not AttainmentResult.objects.exists()


@pytest.mark.django_db
def test_safeguarding_audit_keeps_a_rating_per_standard(ceo_client, school_a):
    audit = _create(ceo_client, school_a, "safeguarding")

    ratings = dict(audit.standards.values_list("standard", "rating"))
    assert ratings == {"leadership": "met", "safer_workforce": "partly_met"}


@pytest.mark.django_db
def test_safeguarding_report_is_kept_as_a_document(
    ceo_client, school_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    report = SimpleUploadedFile("LA audit.pdf", b"%PDF-1.7\n%%EOF\n")
    data = {**SOURCES["safeguarding"]["valid"], "report_file": report}

    response = ceo_client.post(_create_url(school_a, "safeguarding"), data)

    assert response.status_code == 302
    audit = SafeguardingAudit.objects.get()
    assert audit.report.kind == "safeguarding_report"
    assert audit.report.version == 1
    assert audit.report.original_name == "LA audit.pdf"
    assert audit.report.school == school_a


@pytest.mark.django_db
def test_safeguarding_report_that_is_not_a_document_is_refused(
    ceo_client, school_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    picture = SimpleUploadedFile("audit.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    data = {**SOURCES["safeguarding"]["valid"], "report_file": picture}

    response = ceo_client.post(_create_url(school_a, "safeguarding"), data)

    assert "content is a picture" in response.content.decode()
    assert not SafeguardingAudit.objects.exists()
    assert not EvidenceDocument.objects.exists()
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


@pytest.mark.django_db
def test_report_file_is_removed_when_the_save_fails(
    ceo_client, school_a, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path

    def fail(record, form):
        raise RuntimeError("database went away")

    monkeypatch.setattr("evidence.services._save_related_rows", fail)
    report = SimpleUploadedFile("LA audit.pdf", b"%PDF-1.7\n%%EOF\n")
    data = {**SOURCES["safeguarding"]["valid"], "report_file": report}

    with pytest.raises(RuntimeError):
        ceo_client.post(_create_url(school_a, "safeguarding"), data)

    assert not EvidenceDocument.objects.exists()
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


@pytest.mark.django_db
def test_duplicate_saved_at_the_same_moment_is_explained(ceo, school_a):
    form = AttendanceForm(SOURCES["attendance"]["valid"], school=school_a)
    assert form.is_valid()
    Attendance.objects.create(
        school=school_a,
        academic_year=2024,
        period="year",
        overall_absence="7",
        persistent_absence="18",
    )

    record = evidence_record_save(form=form, school=school_a, user=ceo)

    assert record is None
    assert "at the same moment" in form.non_field_errors()[0]
    assert Attendance.objects.get().overall_absence == Decimal("7.00")


# Inspections: grades on the framework of the date ---------------------------------

RENEWED = {
    "inspected_on": "2026-01-20",
    "inspection_type": "report_card",
    "grades_framework": "renewed",
    "renewed_inclusion": "3",
    "renewed_curriculum_and_teaching": "2",
    "renewed_achievement": "4",
    "renewed_attendance_and_behaviour": "3",
    "renewed_personal_development_and_wellbeing": "3",
    "renewed_leadership_and_governance": "2",
    "is_safeguarding_effective": "True",
    "category": "",
    "report_url": "",
}


@pytest.mark.django_db
def test_new_inspection_form_asks_for_the_renewed_framework_by_default(
    ceo_client, school_a
):
    response = ceo_client.get(_create_url(school_a, "inspections"))

    page = response.content.decode()
    assert "Evaluation areas on the renewed framework" in page
    assert "Urgent improvement" in page
    assert "Outstanding" not in page


@pytest.mark.django_db
def test_renewed_inspection_saves_report_card_grades(ceo_client, school_a):
    response = ceo_client.post(_create_url(school_a, "inspections"), RENEWED)

    assert response.status_code == 302
    inspection = Inspection.objects.get()
    assert inspection.framework == "renewed"
    grades = {grade.area: grade.grade_label for grade in inspection.grades.all()}
    assert grades["achievement"] == "Needs attention"
    assert grades["curriculum_and_teaching"] == "Strong standard"
    assert len(grades) == 6


@pytest.mark.django_db
def test_eif_inspection_saves_eif_grades(ceo_client, school_a):
    inspection = _create(ceo_client, school_a, "inspections")

    assert inspection.framework == "eif"
    grades = {grade.area: grade.grade_label for grade in inspection.grades.all()}
    assert grades == {
        "quality_of_education": "Good",
        "behaviour_and_attitudes": "Outstanding",
        "personal_development": "Good",
        "leadership_and_management": "Good",
    }


@pytest.mark.django_db
def test_report_card_grades_for_an_eif_date_are_refused_not_mixed(ceo_client, school_a):
    data = {**RENEWED, "inspected_on": "2023-05-10", "inspection_type": "graded"}

    response = ceo_client.post(_create_url(school_a, "inspections"), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "This date is before 10 November 2025" in page
    assert "Judgements on the education inspection framework" in page
    assert 'name="eif_quality_of_education"' in page
    assert 'name="renewed_inclusion"' not in page
    assert 'name="grades_framework" value="eif"' in page
    assert not Inspection.objects.exists()
    assert not InspectionGrade.objects.exists()


@pytest.mark.django_db
def test_moving_an_inspection_across_the_boundary_replaces_its_grades(
    ceo_client, school_a
):
    inspection = _create(ceo_client, school_a, "inspections")
    url = _edit_url(school_a, "inspections", inspection)
    opened = _form_values(ceo_client.get(url).context["form"])
    moved = {**opened, "inspected_on": "2026-01-20", "inspection_type": "report_card"}

    refused = ceo_client.post(url, moved)
    assert "This date is from 10 November 2025" in refused.content.decode()
    assert Inspection.objects.get().framework == "eif"
    retry = {**RENEWED, "version": refused.context["form"].data["version"]}
    response = ceo_client.post(url, retry)

    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.framework == "renewed"
    assert inspection.overall_effectiveness is None
    areas = set(inspection.grades.values_list("area", flat=True))
    assert "quality_of_education" not in areas
    assert "inclusion" in areas


@pytest.mark.django_db
def test_htmx_redraws_grades_for_the_date_typed(ceo_client, school_a):
    response = ceo_client.get(
        _create_url(school_a, "inspections"),
        {"inspected_on": "2022-03-01", "grades_framework": "renewed"},
        headers={"HX-Request": "true"},
    )

    page = response.content.decode()
    assert 'id="inspection-grades"' in page
    assert 'name="eif_quality_of_education"' in page
    assert 'name="grades_framework" value="eif"' in page
    assert not Inspection.objects.exists()


@pytest.mark.django_db
def test_overall_effectiveness_after_september_2024_is_refused(ceo_client, school_a):
    data = {**SOURCES["inspections"]["valid"], "inspected_on": "2025-01-15"}

    response = ceo_client.post(_create_url(school_a, "inspections"), data)

    assert "There is no overall effectiveness grade" in response.content.decode()
    assert not Inspection.objects.exists()


# Who may use these pages ------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["governor", "trustee", "headteacher"])
def test_members_without_the_permission_are_refused(client, people, school_a, role):
    client.force_login(people[role])

    response = client.post(
        _create_url(school_a, "attendance"), SOURCES["attendance"]["valid"]
    )

    assert response.status_code == 403
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_other_schools_headteacher_gets_not_found(client, people, school_a):
    client.force_login(people["other_headteacher"])

    response = client.get(_create_url(school_a, "attendance"))

    assert response.status_code == 404


@pytest.mark.django_db
def test_record_of_another_school_is_not_found(ceo_client, school_a, school_b):
    record = _create(ceo_client, school_b, "attendance")

    response = ceo_client.get(_edit_url(school_a, "attendance", record))

    assert response.status_code == 404


@pytest.mark.django_db
def test_unknown_source_has_no_entry_form(ceo_client, school_a):
    response = ceo_client.get(_create_url(school_a, "no-such-source"))

    assert response.status_code == 404


@pytest.mark.django_db
def test_documents_are_uploaded_not_edited_as_records(ceo_client, school_a):
    record = _create(ceo_client, school_a, "attendance")

    response = ceo_client.get(_edit_url(school_a, "documents", record))

    assert response.status_code == 404
