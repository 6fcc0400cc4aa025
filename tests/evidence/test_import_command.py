import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from evidence.management.commands.import_evidence import Command
from evidence.models import AttainmentResult, Workforce

FIXTURES = Path(__file__).parent.parent / "fixtures" / "evidence"
GOOD = FIXTURES / "attainment_fixed.csv"
BAD = FIXTURES / "attainment_one_bad_row.csv"
KS2 = FIXTURES / "dfe_ks2_2024-25.csv"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def schools(school_a, school_b):
    return school_a, school_b


def import_evidence(*arguments):
    stdout = io.StringIO()
    call_command("import_evidence", *[str(a) for a in arguments], stdout=stdout)
    return stdout.getvalue()


def test_import_prints_the_counts():
    output = import_evidence("attainment", GOOD)

    assert "Imported: created 7, updated 0, unchanged 0." in output
    assert AttainmentResult.objects.count() == 7
    assert not AttainmentResult.objects.exclude(recorded_by=None).exists()


def test_second_import_updates_nothing():
    import_evidence("attainment", GOOD)

    output = import_evidence("attainment", GOOD)

    assert "created 0, updated 0, unchanged 7" in output
    assert AttainmentResult.objects.count() == 7


def test_bad_row_fails_lists_every_problem_and_writes_nothing():
    with pytest.raises(CommandError) as raised:
        import_evidence("attainment", BAD)

    message = str(raised.value)
    assert message.startswith("Nothing was imported: the file has 1 problem.")
    assert "Row 3, column Value: “n/a” is not a number." in message
    # manage.py exits with this status.
    assert raised.value.returncode == 1
    assert not AttainmentResult.objects.exists()


def test_dry_run_writes_nothing():
    output = import_evidence("attainment", GOOD, "--dry-run")

    assert "Dry run, nothing was written: created 7, updated 0" in output
    assert not AttainmentResult.objects.exists()


def test_dry_run_of_a_bad_file_still_fails():
    with pytest.raises(CommandError, match="Row 3, column Value"):
        import_evidence("attainment", BAD, "--dry-run")


def test_xlsx_is_chosen_by_extension(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(
        ["URN", "Academic year", "Staff turnover (%)", "Staff survey satisfaction (%)"]
    )
    workbook.active.append(["100001", "2024/25", 12.5, 81])
    path = tmp_path / "Workforce 2024-25.XLSX"
    workbook.save(path)

    output = import_evidence("workforce", path)

    assert "created 1" in output
    assert Workforce.objects.get().staff_turnover == Decimal("12.5")


def test_other_file_types_are_refused(tmp_path):
    path = tmp_path / "workforce.txt"
    path.write_text("URN\n")

    with pytest.raises(CommandError, match=r"must end in \.csv or \.xlsx"):
        import_evidence("workforce", path)


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        import_evidence("workforce", tmp_path / "missing.csv")


def test_dfe_file_needs_a_year():
    with pytest.raises(CommandError, match="--year 2024/25"):
        import_evidence("dfe-ks2", KS2)

    with pytest.raises(CommandError, match="Write the year as 2024/25"):
        import_evidence("dfe-ks2", KS2, "--year", "2024")

    assert not AttainmentResult.objects.exists()


def test_dfe_import_prints_the_skipped_rows():
    output = import_evidence("dfe-ks2", KS2, "--year", "2024/25")

    assert "created 20, updated 0, unchanged 0" in output
    assert "skipped 1 row for schools outside the trust and 1 aggregate row" in output
    assert "national comparators set 7" in output
    assert AttainmentResult.objects.filter(academic_year=2024).count() == 20


def test_dfe_dry_run_writes_nothing():
    output = import_evidence(
        "dfe-ks4", FIXTURES / "dfe_ks4_2024-25.csv", "--year", "2024/25", "--dry-run"
    )

    assert "Dry run, nothing was written: created 8" in output
    assert not AttainmentResult.objects.exists()


def test_dfe_file_must_be_csv(tmp_path):
    path = tmp_path / "ks2.xlsx"
    path.write_bytes(b"")

    with pytest.raises(CommandError, match="in CSV"):
        import_evidence("dfe-ks2", path, "--year", "2024/25")


def test_year_is_refused_for_other_sources():
    with pytest.raises(CommandError, match="--year is only for DfE files"):
        import_evidence("attainment", GOOD, "--year", "2024/25")

    assert not AttainmentResult.objects.exists()


@pytest.mark.parametrize("source", ["documents", "pupils"])
def test_unknown_sources_are_refused(source):
    with pytest.raises(CommandError, match="invalid choice"):
        import_evidence(source, GOOD)


def test_help_explains_sources_and_options():
    parser = Command().create_parser("manage.py", "import_evidence")

    text = " ".join(parser.format_help().split())

    assert "all or nothing" in text
    assert "inspections, attainment, attendance, behaviour, finance" in text
    assert "dfe-ks2 or dfe-ks4" in text
    assert "--dry-run" in text
    assert "Required for DfE files and refused for the others" in text
