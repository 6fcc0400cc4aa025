"""The measures that evidence is recorded against, as plain data.

Attainment measures follow DfE's school performance data; attendance and
behaviour measures have national comparators too. National figures are data
(NationalComparator rows the admin maintains), never code.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    group: str
    unit: str  # "percent", "score", "progress" or "rate"
    higher_is_better: bool = True
    dfe_column: str = ""
    dfe_disadvantaged_column: str = ""
    # Academic years (by start year) for which DfE published no figure at all,
    # so a missing value is expected and never a fall.
    not_published: frozenset = frozenset()

    @property
    def is_percent(self):
        return self.unit == "percent"


KS2 = "Key stage 2"
KS4 = "Key stage 4"
KS5 = "Key stage 5"
EARLY = "Phonics, multiplication tables and early years"
ATTENDANCE = "Attendance"
BEHAVIOUR = "Behaviour and exclusions"

# KS2 progress has no KS1 baseline for 2023/24 and 2024/25; Progress 8 cannot
# be calculated for 2024/25 and 2025/26.
NO_KS2_PROGRESS = frozenset({2023, 2024})
NO_PROGRESS_8 = frozenset({2024, 2025})

MEASURES = [
    Measure(
        "ks2_rwm_expected",
        "KS2 reading, writing and maths at the expected standard",
        KS2,
        "percent",
        dfe_column="PTRWM_EXP",
        dfe_disadvantaged_column="PTRWM_EXP_FSM6CLA1A",
    ),
    Measure(
        "ks2_rwm_high",
        "KS2 reading, writing and maths at the higher standard",
        KS2,
        "percent",
        dfe_column="PTRWM_HIGH",
        dfe_disadvantaged_column="PTRWM_HIGH_FSM6CLA1A",
    ),
    Measure(
        "ks2_reading_expected",
        "KS2 reading at the expected standard",
        KS2,
        "percent",
        dfe_column="PTREAD_EXP",
    ),
    Measure(
        "ks2_writing_expected",
        "KS2 writing at the expected standard",
        KS2,
        "percent",
        dfe_column="PTWRITTA_EXP",
    ),
    Measure(
        "ks2_maths_expected",
        "KS2 maths at the expected standard",
        KS2,
        "percent",
        dfe_column="PTMAT_EXP",
    ),
    Measure(
        "ks2_reading_average",
        "KS2 reading average scaled score",
        KS2,
        "score",
        dfe_column="READ_AVERAGE",
    ),
    Measure(
        "ks2_maths_average",
        "KS2 maths average scaled score",
        KS2,
        "score",
        dfe_column="MAT_AVERAGE",
    ),
    Measure(
        "ks2_reading_progress",
        "KS2 reading progress",
        KS2,
        "progress",
        dfe_column="READPROG",
        not_published=NO_KS2_PROGRESS,
    ),
    Measure(
        "ks2_writing_progress",
        "KS2 writing progress",
        KS2,
        "progress",
        dfe_column="WRITPROG",
        not_published=NO_KS2_PROGRESS,
    ),
    Measure(
        "ks2_maths_progress",
        "KS2 maths progress",
        KS2,
        "progress",
        dfe_column="MATPROG",
        not_published=NO_KS2_PROGRESS,
    ),
    Measure(
        "ks4_attainment8",
        "Attainment 8",
        KS4,
        "score",
        dfe_column="ATT8SCR",
        dfe_disadvantaged_column="ATT8SCR_FSM6CLA1A",
    ),
    Measure(
        "ks4_progress8",
        "Progress 8",
        KS4,
        "progress",
        dfe_column="P8MEA",
        dfe_disadvantaged_column="P8MEA_FSM6CLA1A",
        not_published=NO_PROGRESS_8,
    ),
    Measure(
        "ks4_basics_5plus",
        "Grade 5 or above in English and maths",
        KS4,
        "percent",
        dfe_column="PTL2BASICS_95",
        dfe_disadvantaged_column="PTL2BASICS_95_FSM6CLA1A",
    ),
    Measure(
        "ks4_ebacc_aps",
        "EBacc average point score",
        KS4,
        "score",
        dfe_column="EBACCAPS",
        dfe_disadvantaged_column="EBACCAPS_FSM6CLA1A",
    ),
    Measure("ks5_alevel_aps", "A level average point score per entry", KS5, "score"),
    Measure(
        "phonics_expected",
        "Phonics screening check: meeting the expected standard in year 1",
        EARLY,
        "percent",
    ),
    Measure(
        "mtc_average",
        "Multiplication tables check average score (of 25)",
        EARLY,
        "score",
    ),
    Measure("eyfs_gld", "Early years: good level of development", EARLY, "percent"),
    Measure(
        "overall_absence",
        "Overall absence",
        ATTENDANCE,
        "percent",
        higher_is_better=False,
    ),
    Measure(
        "persistent_absence",
        "Persistent absence (10% or more of sessions missed)",
        ATTENDANCE,
        "percent",
        higher_is_better=False,
    ),
    Measure(
        "severe_absence",
        "Severe absence (50% or more of sessions missed)",
        ATTENDANCE,
        "percent",
        higher_is_better=False,
    ),
    Measure(
        "suspension_rate",
        "Suspensions per 100 pupils",
        BEHAVIOUR,
        "rate",
        higher_is_better=False,
    ),
    Measure(
        "permanent_exclusion_rate",
        "Permanent exclusions per 100 pupils",
        BEHAVIOUR,
        "rate",
        higher_is_better=False,
    ),
]

MEASURES_BY_KEY = {measure.key: measure for measure in MEASURES}
ATTAINMENT_GROUPS = (KS2, KS4, KS5, EARLY)
ATTAINMENT_MEASURES = [m for m in MEASURES if m.group in ATTAINMENT_GROUPS]


def measure_choices(measures=MEASURES):
    return [(measure.key, measure.label) for measure in measures]
