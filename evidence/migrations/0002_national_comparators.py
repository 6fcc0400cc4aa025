from decimal import Decimal

from django.db import migrations

SOURCE = "DfE national statistics (England, state-funded)"

# (measure, start year of the academic year, value). The admin adds later
# years in the browser as DfE publishes them.
FIGURES = [
    ("ks2_rwm_expected", 2018, "65"),
    ("ks2_rwm_expected", 2022, "59"),
    ("ks2_rwm_expected", 2023, "61"),
    ("ks2_rwm_expected", 2024, "62"),
    ("ks2_reading_expected", 2024, "75"),
    ("ks2_writing_expected", 2024, "72"),
    ("ks2_maths_expected", 2024, "74"),
    ("ks4_attainment8", 2018, "46.7"),
    ("ks4_attainment8", 2021, "48.8"),
    ("ks4_attainment8", 2022, "46.2"),
    ("ks4_basics_5plus", 2018, "43.2"),
    ("ks4_basics_5plus", 2021, "49.8"),
    ("ks4_basics_5plus", 2022, "45.0"),
    ("ks4_ebacc_aps", 2018, "4.07"),
    ("ks4_ebacc_aps", 2022, "4.05"),
    ("phonics_expected", 2022, "79"),
    ("phonics_expected", 2023, "80"),
    ("phonics_expected", 2024, "80"),
    ("mtc_average", 2024, "21.0"),
    ("eyfs_gld", 2022, "67.2"),
    ("eyfs_gld", 2023, "67.7"),
    ("eyfs_gld", 2024, "68.3"),
    ("overall_absence", 2022, "7.4"),
    ("overall_absence", 2023, "7.1"),
    ("persistent_absence", 2022, "21.2"),
    ("persistent_absence", 2023, "20.0"),
    ("severe_absence", 2022, "2.0"),
    ("severe_absence", 2023, "2.3"),
    ("suspension_rate", 2022, "9.33"),
    ("suspension_rate", 2023, "11.31"),
    ("permanent_exclusion_rate", 2023, "0.13"),
]


def add_figures(apps, schema_editor):
    NationalComparator = apps.get_model("evidence", "NationalComparator")
    for measure, year, value in FIGURES:
        NationalComparator.objects.get_or_create(
            measure=measure,
            academic_year=year,
            defaults={"value": Decimal(value), "source": SOURCE},
        )


class Migration(migrations.Migration):
    dependencies = [("evidence", "0001_initial")]

    operations = [migrations.RunPython(add_figures, migrations.RunPython.noop)]
