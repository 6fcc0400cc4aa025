import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest

from schools.gias import (
    REQUIRED_COLUMNS,
    GiasFileError,
    GiasPlanStale,
    gias_import_apply,
    gias_plan_digest,
    gias_plan_file,
    gias_read,
)
from schools.models import Phase, School, SchoolStatus
from tests.factories import SchoolFactory

FIXTURES = Path(__file__).parent.parent / "fixtures" / "gias"
SAMPLE = (FIXTURES / "edubasealldata_sample.csv").read_bytes()
BAD = (FIXTURES / "edubasealldata_bad.csv").read_bytes()
TRUST = "Peak Valley Academy Trust"
TRUST_URNS = ["149101", "149102", "149103", "149104", "149105", "149106"]

VALID_ROW = {
    "URN": "149901",
    "LA (code)": "830",
    "LA (name)": "Derbyshire",
    "EstablishmentNumber": "2100",
    "EstablishmentName": "Tideswell Primary Academy",
    "TypeOfEstablishment (name)": "Academy converter",
    "EstablishmentStatus (name)": "Open",
    "OpenDate": "01-09-2020",
    "PhaseOfEducation (name)": "Primary",
    "StatutoryLowAge": "4",
    "StatutoryHighAge": "11",
    "NumberOfPupils": "150",
    "Trusts (name)": TRUST,
}


def gias_bytes(*rows, columns=REQUIRED_COLUMNS):
    """A small GIAS-shaped file in Windows-1252."""
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([{**VALID_ROW, **row}.get(column, "") for column in columns])
    return text.getvalue().encode("cp1252")


def plan_for(data, existing=(), trust_name=TRUST):
    return gias_plan_file(data, trust_name=trust_name, existing_schools=existing)


def existing_from(plan):
    """Unsaved schools holding exactly what the plan would create."""
    return [School(**item.values) for item in plan.creates]


def by_urn(items):
    return {item.urn: item for item in items}


def test_reads_windows_1252_names_with_quotes_commas_and_accents():
    names = {row.cells["EstablishmentName"] for row in gias_read(SAMPLE)}

    assert "St Mary's Catholic Voluntary Academy, Matlock" in names
    assert "Brontë Way Primary School" in names
    assert 'The "Peak" School – Café Campus' in names


def test_rows_are_numbered_by_file_line_after_the_header():
    rows = gias_read(SAMPLE)

    assert [row.line for row in rows] == list(range(2, 13))


def test_line_numbers_count_names_that_span_lines():
    data = gias_bytes({"EstablishmentName": "Two\nLines"}, {"URN": "bad"})

    plan = plan_for(data)

    assert [(error.line, error.column) for error in plan.errors] == [(4, "URN")]


def test_plan_creates_the_trusts_schools_and_skips_other_trusts():
    plan = plan_for(SAMPLE)

    assert plan.is_valid
    assert [item.urn for item in plan.creates] == TRUST_URNS
    # Two rows of another trust, one maintained school with no trust, and a
    # trust whose name only begins with ours.
    assert plan.skipped == 4


def test_trust_name_matches_in_any_case_ignoring_surrounding_spaces():
    plan = plan_for(SAMPLE, trust_name="  PEAK valley ACADEMY trust ")

    assert [item.urn for item in plan.creates] == TRUST_URNS


def test_statuses_map_to_open_and_joining():
    creates = by_urn(plan_for(SAMPLE).creates)

    assert creates["149101"].values["status"] == SchoolStatus.OPEN
    assert creates["149104"].values["status"] == SchoolStatus.OPEN
    assert creates["149105"].values["status"] == SchoolStatus.JOINING


def test_proposed_closure_date_is_not_kept_as_closing_date():
    hope_valley = by_urn(plan_for(SAMPLE).creates)["149104"]

    assert hope_valley.values["closed_on"] is None


def test_values_are_read_into_school_fields():
    values = by_urn(plan_for(SAMPLE).creates)["149102"].values

    assert values["name"] == "Brontë Way Primary School"
    assert values["opened_on"] == datetime.date(2020, 4, 1)
    assert values["phase"] == Phase.PRIMARY
    assert values["local_authority"] == "Derby"
    assert values["la_code"] == "831"
    assert values["establishment_number"] == "2401"
    assert values["number_of_pupils"] == 402
    assert values["percentage_fsm"] == Decimal("31.2")
    assert values["website"] == "https://www.brontewayprimary.example.org.uk"
    assert "joined_trust_on" not in values


def test_every_gias_phase_name_is_understood():
    names = [label for _, label in Phase.choices]
    rows = [
        {"URN": f"{149900 + number}", "PhaseOfEducation (name)": name}
        for number, name in enumerate(names)
    ]

    plan = plan_for(gias_bytes(*rows))

    assert [item.values["phase"] for item in plan.creates] == list(Phase.values)


def test_empty_optional_cells_are_allowed():
    sixth_form = by_urn(plan_for(SAMPLE).creates)["149105"].values

    assert sixth_form["capacity"] is None
    assert sixth_form["number_of_pupils"] is None
    assert sixth_form["percentage_fsm"] is None
    assert sixth_form["website"] == ""
    assert sixth_form["ukprn"] == ""


def test_head_teacher_names_are_not_read():
    plan = plan_for(SAMPLE)

    for item in plan.creates:
        assert "Quarrington" not in str(item.values)


def test_closed_row_closes_an_existing_school_and_creates_nothing():
    castleton = SchoolFactory.build(urn="149107", status=SchoolStatus.OPEN)

    plan = plan_for(SAMPLE, existing=[castleton])

    assert [item.urn for item in plan.closes] == ["149107"]
    changes = {change.field: change.new for change in plan.closes[0].changes}
    assert changes == {
        "status": SchoolStatus.CLOSED,
        "closed_on": datetime.date(2024, 8, 31),
    }
    assert "149107" not in [item.urn for item in plan.creates]


def test_closed_row_for_a_school_not_held_creates_nothing():
    plan = plan_for(SAMPLE)

    assert [item.urn for item in plan.ignored] == ["149107"]
    assert not plan.closes


def test_closed_row_needs_a_closing_date():
    data = gias_bytes({"EstablishmentStatus (name)": "Closed", "CloseDate": ""})

    plan = plan_for(data)

    assert [(error.line, error.column) for error in plan.errors] == [(2, "CloseDate")]


def test_schools_already_matching_are_unchanged():
    first = plan_for(SAMPLE)

    second = plan_for(SAMPLE, existing=existing_from(first))

    assert not second.has_changes
    assert [item.urn for item in second.unchanged] == TRUST_URNS


def test_update_lists_only_the_fields_that_differ():
    existing = existing_from(plan_for(SAMPLE))
    existing[0].number_of_pupils = 150
    existing[0].joined_trust_on = datetime.date(2019, 9, 1)

    plan = plan_for(SAMPLE, existing=existing)

    [update] = plan.updates
    assert update.urn == "149101"
    assert [(c.field, c.old, c.new) for c in update.changes] == [
        ("number_of_pupils", 150, 198)
    ]
    assert update.changes[0].label == "Number of pupils"


def test_plan_digest_changes_with_the_writes():
    first = plan_for(SAMPLE)
    existing = existing_from(first)

    assert gias_plan_digest(first) == gias_plan_digest(plan_for(SAMPLE))
    assert gias_plan_digest(first) != gias_plan_digest(plan_for(SAMPLE, existing))


def test_every_bad_trust_row_is_named_by_line_and_column():
    plan = plan_for(BAD)

    assert not plan.is_valid
    assert [(error.line, error.column) for error in plan.errors] == [
        (3, "URN"),
        (4, "OpenDate"),
        (5, "NumberOfPupils"),
        (6, "PhaseOfEducation (name)"),
        (8, "StatutoryLowAge"),
        (8, "PercentageFSM"),
    ]


def test_bad_rows_of_other_trusts_are_skipped_not_reported():
    plan = plan_for(BAD)

    assert 7 not in [error.line for error in plan.errors]
    assert plan.skipped == 1


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("URN", "14910", "six-digit"),
        ("URN", "1491011", "six-digit"),
        ("OpenDate", "31-02-2024", "real date"),
        ("OpenDate", "2024-02-01", "real date"),
        ("NumberOfPupils", "two hundred", "whole number"),
        ("PhaseOfEducation (name)", "Infant", "“Infant” is not a GIAS phase"),
        ("EstablishmentStatus (name)", "Shut", "not a GIAS establishment status"),
        ("EstablishmentName", "", "required"),
    ],
)
def test_bad_value_is_reported_with_its_column(column, value, message):
    plan = plan_for(gias_bytes({}, {"URN": "149902", column: value}))

    [error] = plan.errors
    assert (error.line, error.column) == (3, column)
    assert message in error.message
    assert str(error).startswith(f"Line 3, column {column}: ")


def test_upper_age_below_lower_age_is_reported():
    data = gias_bytes({"StatutoryLowAge": "11", "StatutoryHighAge": "4"})

    [error] = plan_for(data).errors

    assert error.column == "StatutoryHighAge"


def test_same_urn_twice_is_reported():
    plan = plan_for(gias_bytes({}, {}))

    [error] = plan.errors
    assert (error.line, error.column) == (3, "URN")
    assert "also on line 2" in error.message


def test_missing_required_column_is_named():
    columns = [column for column in REQUIRED_COLUMNS if column != "NumberOfPupils"]

    with pytest.raises(GiasFileError) as raised:
        gias_read(gias_bytes({}, columns=columns))

    [error] = raised.value.errors
    assert (error.line, error.column) == (1, "NumberOfPupils")
    assert "missing" in error.message


def test_file_that_is_not_windows_1252_is_reported_not_raised():
    # 0x81 has no character in Windows-1252.
    data = gias_bytes({}) + b"149903,\x81\r\n"

    [error] = plan_for(data).errors

    assert error.line == 3
    assert "Windows-1252" in error.message


def test_file_re_saved_as_utf8_is_refused():
    data = SAMPLE.decode("cp1252").encode("utf-8")

    [error] = plan_for(data).errors

    assert "UTF-8" in error.message


def test_empty_file_is_reported():
    [error] = plan_for(b"").errors

    assert error.message == "The file is empty."


def test_rows_not_lined_up_with_the_header_are_refused():
    data = gias_bytes({}) + b"149904,830\r\n"

    [error] = plan_for(data).errors

    assert error.line == 3
    assert "2 cells" in error.message


@pytest.mark.django_db
def test_apply_writes_the_plan():
    plan = plan_for(SAMPLE, existing=School.objects.all())

    counts = gias_import_apply(plan=plan, imported_by=None)

    assert counts["created"] == 6
    assert sorted(School.objects.values_list("urn", flat=True)) == TRUST_URNS


@pytest.mark.django_db
def test_apply_refuses_a_plan_older_than_an_edit_and_writes_nothing():
    SchoolFactory(urn="149101", number_of_pupils=150)
    plan = plan_for(SAMPLE, existing=School.objects.all())
    School.objects.filter(urn="149101").update(number_of_pupils=160)

    with pytest.raises(GiasPlanStale):
        gias_import_apply(plan=plan, imported_by=None)

    assert School.objects.get(urn="149101").number_of_pupils == 160
    assert School.objects.count() == 1


@pytest.mark.django_db
def test_apply_refuses_when_a_school_to_create_was_added_meanwhile():
    plan = plan_for(SAMPLE, existing=School.objects.all())
    SchoolFactory(urn="149106")

    with pytest.raises(GiasPlanStale):
        gias_import_apply(plan=plan, imported_by=None)

    assert School.objects.count() == 1


def test_apply_refuses_a_plan_with_errors():
    with pytest.raises(ValueError, match="errors"):
        gias_import_apply(plan=plan_for(BAD), imported_by=None)
