from decimal import Decimal
from pathlib import Path

import pytest

from evidence.dfe import dfe_import, dfe_reading
from evidence.importing import RowError
from evidence.measures import MEASURES_BY_KEY
from evidence.models import AttainmentResult, NationalComparator

FIXTURES = Path(__file__).parent.parent / "fixtures" / "evidence"
KS2 = (FIXTURES / "dfe_ks2_2024-25.csv").read_bytes()
KS4 = (FIXTURES / "dfe_ks4_2024-25.csv").read_bytes()
YEAR = 2024

pytestmark = pytest.mark.django_db


def run(source, data, *, year=YEAR, **kwargs):
    return dfe_import(source=source, data=data, academic_year=year, **kwargs)


def results_of(school):
    return {
        result.measure: result
        for result in AttainmentResult.objects.filter(school=school, academic_year=YEAR)
    }


def comparators():
    return dict(
        NationalComparator.objects.filter(academic_year=YEAR).values_list(
            "measure", "value"
        )
    )


def comparator_rows():
    return sorted(NationalComparator.objects.values_list("pk", "value", "updated_at"))


@pytest.fixture
def schools(school_a, school_b):
    return school_a, school_b


@pytest.fixture
def no_comparators(db):
    """Start the year without the figures the migration seeds."""
    NationalComparator.objects.filter(academic_year=YEAR).delete()


def test_ks2_file_has_a_bom_and_imports_our_schools(schools, admin_user):
    assert KS2.startswith(b"\xef\xbb\xbf")

    result = run("dfe-ks2", KS2, recorded_by=admin_user)

    assert result.errors == []
    # Ten KS2 measures for each of our two schools.
    assert (result.created, result.updated, result.unchanged) == (20, 0, 0)
    assert (result.other_schools, result.aggregates, result.comparators) == (1, 1, 7)
    assert AttainmentResult.objects.count() == 20
    assert {r.recorded_by for r in AttainmentResult.objects.all()} == {admin_user}


def test_ks2_values_percent_signs_and_codes(schools):
    run("dfe-ks2", KS2)

    ashby = results_of(schools[0])
    assert ashby["ks2_rwm_expected"].value == Decimal("64")
    assert ashby["ks2_rwm_expected"].availability == "published"
    assert ashby["ks2_rwm_expected"].cohort == 30
    assert ashby["ks2_rwm_expected"].disadvantaged_value == Decimal("52")
    assert ashby["ks2_reading_average"].value == Decimal("105")
    # SUPP, LOWCOV and x are suppressed; NEW has no disadvantaged figure.
    for measure in ("ks2_rwm_high", "ks2_maths_expected", "ks2_maths_average"):
        assert (ashby[measure].value, ashby[measure].availability) == (
            None,
            "suppressed",
        )
    assert ashby["ks2_rwm_high"].disadvantaged_value is None
    brook = results_of(schools[1])
    # NEW and NA are not published.
    for measure in ("ks2_reading_expected", "ks2_writing_expected"):
        assert (brook[measure].value, brook[measure].availability) == (
            None,
            "not_published",
        )
    assert brook["ks2_rwm_high"].value == Decimal("12")
    assert brook["ks2_rwm_high"].disadvantaged_value is None


def test_ks2_progress_is_not_published_in_2024_25(schools):
    run("dfe-ks2", KS2)

    for school in schools:
        results = results_of(school)
        for measure in ("ks2_reading_progress", "ks2_writing_progress"):
            assert results[measure].value is None
            assert results[measure].availability == "not_published"
    assert "ks2_maths_progress" not in comparators()


def test_no_code_is_ever_stored_as_zero(schools):
    run("dfe-ks2", KS2)
    run("dfe-ks4", KS4)

    absent = AttainmentResult.objects.exclude(availability="published")
    # KS2: six for Ashby Road, five for Brook Lane; KS4: one and four.
    assert absent.count() == 16
    assert not absent.exclude(value=None).exists()
    assert not AttainmentResult.objects.filter(value=0).exists()


@pytest.mark.parametrize(
    ("text", "value", "availability"),
    [
        ("61%", Decimal("61.00"), "published"),
        (" 61.456 ", Decimal("61.46"), "published"),
        ("SUPP", None, "suppressed"),
        ("LOWCOV", None, "suppressed"),
        ("x", None, "suppressed"),
        ("NE", None, "not_published"),
        ("NA", None, "not_published"),
        ("NP", None, "not_published"),
        ("NEW", None, "not_published"),
    ],
)
def test_dfe_cell_readings(text, value, availability):
    reading = dfe_reading(text.strip(), MEASURES_BY_KEY["ks2_rwm_expected"], YEAR)

    assert (reading.value, reading.availability) == (value, availability)


def test_dfe_cell_blank_and_bad():
    measure = MEASURES_BY_KEY["ks2_rwm_expected"]
    assert dfe_reading("", measure, YEAR) is None
    with pytest.raises(ValueError, match="“abc” is not a number"):
        dfe_reading("abc", measure, YEAR)
    with pytest.raises(ValueError, match="not a percentage from 0 to 100"):
        dfe_reading("104%", measure, YEAR)


def test_england_row_gives_the_national_comparators(schools, no_comparators):
    run("dfe-ks2", KS2)

    assert comparators() == {
        "ks2_rwm_expected": Decimal("62.00"),
        "ks2_rwm_high": Decimal("8.00"),
        "ks2_reading_expected": Decimal("75.00"),
        "ks2_writing_expected": Decimal("72.00"),
        "ks2_maths_expected": Decimal("74.00"),
        "ks2_reading_average": Decimal("105.00"),
        "ks2_maths_average": Decimal("104.00"),
    }
    source = NationalComparator.objects.get(academic_year=YEAR, measure="ks2_rwm_high")
    assert source.source == "DfE key stage 2 performance file"


def test_england_row_updates_an_existing_comparator(schools):
    seeded = NationalComparator.objects.get(
        academic_year=YEAR, measure="ks2_rwm_expected"
    )
    seeded.value = Decimal("61")
    seeded.save()

    run("dfe-ks2", KS2)

    seeded.refresh_from_db()
    assert seeded.value == Decimal("62")
    assert seeded.source == "DfE key stage 2 performance file"


def test_england_row_found_by_rectype_when_unnamed(schools, no_comparators):
    data = (
        b"RECTYPE,URN,SCHNAME,LANAME,TELIG,PTRWM_EXP\r\n"
        b"1,100001,Ashby Road Primary,Derbyshire,30,64%\r\n"
        b"3,,,Derbyshire,8020,60%\r\n"
        b"4,,,,650120,62%\r\n"
        b"\r\n"
    )

    result = run("dfe-ks2", data)

    assert (result.aggregates, result.comparators) == (1, 1)
    assert comparators() == {"ks2_rwm_expected": Decimal("62.00")}


def test_two_england_rows_are_refused(schools):
    before = comparator_rows()
    data = (
        b"RECTYPE,URN,SCHNAME,LANAME,TELIG,PTRWM_EXP\n"
        b"1,100001,Ashby Road Primary,Derbyshire,30,64%\n"
        b"4,,England,,650120,62%\n"
        b"5,,,England,600000,61%\n"
    )

    result = run("dfe-ks2", data)

    assert [error.message for error in result.errors] == [
        "Rows 3 and 4 could each be the England row, so the national figures "
        "are not clear."
    ]
    assert not AttainmentResult.objects.exists()
    assert comparator_rows() == before


def test_ks4_progress_8_is_not_published_in_2024_25(schools, no_comparators):
    result = run("dfe-ks4", KS4)

    assert result.errors == []
    assert (result.created, result.other_schools, result.aggregates) == (8, 1, 1)
    brook = results_of(schools[1])
    assert brook["ks4_progress8"].value is None
    assert brook["ks4_progress8"].availability == "not_published"
    assert brook["ks4_progress8"].disadvantaged_value is None
    assert brook["ks4_attainment8"].value == Decimal("47.3")
    assert brook["ks4_attainment8"].disadvantaged_value == Decimal("36.1")
    assert brook["ks4_attainment8"].cohort == 180
    assert brook["ks4_basics_5plus"].value == Decimal("48")
    assert brook["ks4_ebacc_aps"].value == Decimal("4.21")
    ashby = results_of(schools[0])
    assert ashby["ks4_progress8"].availability == "not_published"
    assert ashby["ks4_attainment8"].availability == "suppressed"
    assert ashby["ks4_ebacc_aps"].availability == "suppressed"
    assert comparators() == {
        "ks4_attainment8": Decimal("45.90"),
        "ks4_basics_5plus": Decimal("45.20"),
        "ks4_ebacc_aps": Decimal("4.08"),
    }


def test_progress_8_is_read_in_a_year_it_was_published(schools):
    result = run("dfe-ks4", KS4.replace(b",NE,", b",-0.25,", 1), year=2023)

    assert result.errors == []
    brook = results_of_year(schools[1], 2023)
    assert brook["ks4_progress8"].value == Decimal("-0.25")
    assert brook["ks4_progress8"].availability == "published"


def results_of_year(school, year):
    results = AttainmentResult.objects.filter(school=school, academic_year=year)
    return {result.measure: result for result in results}


def test_rows_of_other_schools_are_not_checked(schools):
    data = KS2.replace(
        b"1,830,2417,149912,Hollins Vale Primary School,Derbyshire,44,70%",
        b"1,830,2417,149912,Hollins Vale Primary School,Derbyshire,44,abc",
    )

    result = run("dfe-ks2", data)

    assert result.errors == []
    assert result.other_schools == 1


def test_bad_value_for_our_school_writes_nothing(schools):
    before = comparator_rows()
    data = KS2.replace(
        b"100002,Brook Lane Academy,Derby,58,61%",
        b"100002,Brook Lane Academy,Derby,58,abc",
    )

    result = run("dfe-ks2", data)

    assert result.errors == [
        RowError(
            3,
            "PTRWM_EXP",
            "“abc” is not a number, nor one of DfE's codes SUPP, LOWCOV, x, NE, "
            "NA, NP or NEW.",
        )
    ]
    assert (result.created, result.comparators) == (0, 0)
    assert not AttainmentResult.objects.exists()
    assert comparator_rows() == before


def test_bad_cohort_or_england_value_is_named(schools):
    data = KS2.replace(b"Derby,58,", b"Derby,fifty,").replace(
        b"England,650120,62%", b"England,650120,62%%"
    )

    result = run("dfe-ks2", data)

    assert [(error.row, error.column) for error in result.errors] == [
        (3, "TELIG"),
        (6, "PTRWM_EXP"),
    ]


def test_reimport_updates_in_place(schools, no_comparators):
    run("dfe-ks2", KS2)

    result = run("dfe-ks2", KS2.replace(b"64%", b"66%"))

    assert (result.created, result.updated, result.unchanged) == (0, 1, 19)
    assert results_of(schools[0])["ks2_rwm_expected"].value == Decimal("66")
    assert AttainmentResult.objects.count() == 20
    assert len(comparators()) == 7


def test_dry_run_writes_nothing(schools):
    before = comparator_rows()

    result = run("dfe-ks2", KS2, dry_run=True)

    assert (result.created, result.comparators) == (20, 7)
    assert not AttainmentResult.objects.exists()
    assert comparator_rows() == before


def test_file_without_urn_or_measures_is_refused(schools):
    assert run("dfe-ks2", b"SCHNAME,PTRWM_EXP\nA,1\n").errors == [
        RowError(
            1, "URN", "There is no URN column, so this is not a DfE school-level file."
        )
    ]
    errors = run("dfe-ks2", KS4).errors
    assert errors[0].message.startswith("None of PTRWM_EXP, PTRWM_HIGH")


def test_the_same_school_twice_is_an_error(schools):
    data = b"URN,PTRWM_EXP\n100001,60%\n100001,61%\n"

    result = run("dfe-ks2", data)

    assert result.errors == [RowError(3, "URN", "Row 2 is for the same school.")]
