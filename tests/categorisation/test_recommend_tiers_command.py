import datetime
import io
import json
import logging

import pytest
from django.core.management import CommandError, call_command

from categorisation import selectors
from categorisation.facts import MISSING, Recommendation, Signal
from categorisation.models import TierDecision
from schools.models import SchoolStatus
from tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGNALS = (
    Signal(
        "outcomes",
        "Outcomes against national",
        3,
        "KS2 reading, writing and maths at the expected standard: 48% in "
        "2024/25, 14 points below national (62%)",
    ),
    Signal(
        "safeguarding",
        "Safeguarding",
        None,
        "No safeguarding audit recorded.",
        status=MISSING,
    ),
)


def recommend_tiers(*arguments):
    stdout = io.StringIO()
    call_command("recommend_tiers", *arguments, stdout=stdout)
    return stdout.getvalue()


@pytest.fixture
def stub_rules(monkeypatch):
    """Rules that recommend Tier 3 for every school, with two signals, so the
    output's shape is tested apart from the real rules."""
    monkeypatch.setattr(
        selectors, "recommend", lambda *_: Recommendation(tier=3, signals=SIGNALS)
    )


@pytest.fixture
def schools(school_a, school_b):
    closed = SchoolFactory(
        urn="100003",
        name="Cross Street Infants",
        status=SchoolStatus.CLOSED,
        closed_on=datetime.date(2024, 8, 31),
    )
    TierDecision.objects.create(school=school_a, tier=2, decided_by=UserFactory())
    return school_a, school_b, closed


def test_json_has_one_object_per_open_school(schools, stub_rules):
    rows = json.loads(recommend_tiers("--json"))

    assert [row["urn"] for row in rows] == ["100001", "100002"]
    ashby, brook = rows
    assert ashby["name"] == "Ashby Road Primary"
    assert ashby["recommended_tier"] == 3
    assert ashby["current_tier"] == 2
    assert brook["current_tier"] is None
    assert ashby["signals"] == [
        {
            "criterion": "outcomes",
            "label": "Outcomes against national",
            "tier": 3,
            "reason": SIGNALS[0].reason,
            "status": "current",
        },
        {
            "criterion": "safeguarding",
            "label": "Safeguarding",
            "tier": None,
            "reason": "No safeguarding audit recorded.",
            "status": "missing",
        },
    ]


def test_school_with_no_evidence_has_no_recommended_tier(schools):
    rows = json.loads(recommend_tiers("--json", "--school", "100002"))

    (brook,) = rows
    assert set(brook) >= {"urn", "name", "recommended_tier", "current_tier"}
    assert brook["recommended_tier"] is None
    assert isinstance(brook["signals"], list)
    for signal in brook["signals"]:
        assert signal["tier"] is None
        assert signal["status"] == MISSING
        assert signal["reason"].strip()


def test_school_option_picks_one_school_whatever_its_status(schools, stub_rules):
    rows = json.loads(recommend_tiers("--json", "--school", "100003"))

    assert [(row["urn"], row["name"]) for row in rows] == [
        ("100003", "Cross Street Infants")
    ]


def test_unknown_urn_fails_with_a_clear_message(schools):
    with pytest.raises(CommandError) as raised:
        recommend_tiers("--school", "999999")

    assert str(raised.value) == "No school has the URN 999999."
    # manage.py exits with this status.
    assert raised.value.returncode == 1


def test_text_lists_each_school_with_its_signals_indented(schools, stub_rules):
    output = recommend_tiers()

    lines = output.splitlines()
    assert lines[0] == (
        "Ashby Road Primary (100001): current Tier 2, recommended Tier 3"
    )
    assert lines[1].startswith("    Tier 3      Outcomes against national: KS2")
    assert lines[2] == ("    Missing     Safeguarding: No safeguarding audit recorded.")
    assert lines[3] == ("Brook Lane Academy (100002): current none, recommended Tier 3")
    assert lines[-1] == (
        "2 schools: 0 in Tier 1, 0 in Tier 2, 2 in Tier 3, 0 without a recommendation."
    )


def test_logs_the_count_and_duration(schools, stub_rules, caplog):
    with caplog.at_level(logging.INFO, logger="categorisation"):
        recommend_tiers("--json")

    (record,) = [r for r in caplog.records if "Recommended tiers" in r.message]
    assert record.args[0] == 2
    assert record.args[1] >= 0


# The "done when": the real rules on the demo trust.


@pytest.fixture
def demo_rows():
    call_command("seed_demo", stdout=io.StringIO())
    return json.loads(recommend_tiers("--json"))


def test_demo_trust_has_schools_in_every_tier_each_with_reasons(demo_rows):
    tiers = {row["recommended_tier"] for row in demo_rows}

    assert {1, 2, 3} <= tiers
    for row in demo_rows:
        assert row["signals"], row["name"]
        for signal in row["signals"]:
            assert signal["reason"].strip(), (row["name"], signal["criterion"])
            assert signal["tier"] in (None, 1, 2, 3)
