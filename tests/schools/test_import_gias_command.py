import datetime
import io
import logging
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from schools.models import School, SchoolStatus
from tests.factories import SchoolFactory

FIXTURES = Path(__file__).parent.parent / "fixtures" / "gias"
SAMPLE = FIXTURES / "edubasealldata_sample.csv"
BAD = FIXTURES / "edubasealldata_bad.csv"
TRUST = "Peak Valley Academy Trust"

pytestmark = pytest.mark.django_db


def import_gias(path, *options, trust=TRUST):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command(
        "import_gias",
        str(path),
        "--trust",
        trust,
        *options,
        stdout=stdout,
        stderr=stderr,
    )
    return stdout.getvalue() + stderr.getvalue()


def test_import_creates_the_trusts_schools():
    output = import_gias(SAMPLE)

    assert "created 6, updated 0, unchanged 0, closed 0, skipped 4" in output
    cafe = School.objects.get(urn="149103")
    assert cafe.name == 'The "Peak" School – Café Campus'
    assert cafe.opened_on == datetime.date(2016, 9, 1)
    assert cafe.joined_trust_on is None
    assert School.objects.get(urn="149105").status == SchoolStatus.JOINING
    assert not School.objects.filter(urn__in=["149201", "149202", "112233"]).exists()


def test_second_run_changes_nothing_and_reports_unchanged():
    import_gias(SAMPLE)
    updated_at = dict(School.objects.values_list("urn", "updated_at"))

    output = import_gias(SAMPLE)

    assert "created 0, updated 0, unchanged 6, closed 0" in output
    assert dict(School.objects.values_list("urn", "updated_at")) == updated_at


def test_update_changes_details_and_keeps_the_join_date():
    joined = datetime.date(2019, 9, 1)
    SchoolFactory(urn="149101", number_of_pupils=150, joined_trust_on=joined)

    output = import_gias(SAMPLE)

    assert "updated 1" in output
    assert "Number of pupils 150 → 198" in output
    school = School.objects.get(urn="149101")
    assert school.number_of_pupils == 198
    assert school.name == "St Mary's Catholic Voluntary Academy, Matlock"
    assert school.joined_trust_on == joined


def test_closed_row_closes_the_existing_school():
    SchoolFactory(urn="149107", status=SchoolStatus.OPEN)

    output = import_gias(SAMPLE)

    assert "closed 1" in output
    castleton = School.objects.get(urn="149107")
    assert castleton.status == SchoolStatus.CLOSED
    assert castleton.closed_on == datetime.date(2024, 8, 31)


def test_closed_row_for_a_school_not_held_creates_nothing():
    output = import_gias(SAMPLE)

    assert "ignored 1 (closed, not in the register)" in output
    assert not School.objects.filter(urn="149107").exists()


def test_broken_file_writes_nothing_and_names_every_bad_row():
    with pytest.raises(CommandError) as raised:
        import_gias(BAD)

    message = str(raised.value)
    assert "Nothing was imported: the file has 6 problems." in message
    assert "Line 3, column URN:" in message
    assert "Line 4, column OpenDate:" in message
    assert "Line 5, column NumberOfPupils:" in message
    assert "Line 6, column PhaseOfEducation (name):" in message
    assert "Line 8, column PercentageFSM:" in message
    assert not School.objects.exists()


def test_dry_run_shows_the_plan_and_writes_nothing():
    output = import_gias(SAMPLE, "--dry-run")

    assert "Create 149101 St Mary's Catholic Voluntary Academy, Matlock" in output
    assert "Dry run, nothing was written: created 6" in output
    assert not School.objects.exists()


def test_dry_run_of_a_broken_file_fails():
    with pytest.raises(CommandError):
        import_gias(BAD, "--dry-run")


def test_unknown_trust_warns_and_writes_nothing():
    output = import_gias(SAMPLE, trust="Nobody Learning Trust")

    assert "No rows in the file belong to “Nobody Learning Trust”" in output
    assert "skipped 11" in output
    assert not School.objects.exists()


def test_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        import_gias(tmp_path / "missing.csv")


def test_log_carries_counts_and_ids_but_no_names(caplog):
    caplog.set_level(logging.INFO, logger="schools.gias")

    import_gias(SAMPLE)

    [record] = [r for r in caplog.records if r.name == "schools.gias"]
    school = School.objects.get(urn="149101")
    assert str(school.pk) in record.getMessage()
    assert school.name not in record.getMessage()
    assert "Quarrington" not in caplog.text
