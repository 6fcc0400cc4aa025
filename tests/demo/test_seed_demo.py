import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, User
from accounts.roles import Role
from evidence.measures import MEASURES_BY_KEY
from schools.calendar import academic_start_year_of
from schools.models import AcademicYear, HalfTerm, Phase, School


@pytest.mark.django_db
def test_seed_demo_builds_a_trust_with_every_role_and_phase(capsys):
    call_command("seed_demo")

    output = capsys.readouterr().out
    assert 10 <= School.objects.count() <= 15
    phases = set(School.objects.values_list("phase", flat=True))
    assert {Phase.PRIMARY, Phase.SECONDARY, Phase.ALL_THROUGH} <= phases
    assert School.objects.filter(establishment_type__icontains="special").exists()
    for role in Role:
        assert Membership.objects.current().filter(role=role).exists(), role
        assert f"{role.label}" in output
    assert HalfTerm.objects.count() == 6 * AcademicYear.objects.count() >= 6


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing(capsys):
    call_command("seed_demo")
    counts = (School.objects.count(), User.objects.count(), Membership.objects.count())
    call_command("seed_demo")

    assert counts == (
        School.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )


@pytest.mark.django_db
def test_printed_demo_logins_sign_in(client, capsys):
    call_command("seed_demo")
    output = capsys.readouterr().out
    password = output.split("password: ", 1)[1].split()[0]
    emails = [word for word in output.split() if word.endswith("@demo.pvat.example")]

    assert len(emails) == len(set(emails)) >= 7
    for email in emails:
        response = client.post(
            reverse("accounts:login"), {"username": email, "password": password}
        )
        assert response.status_code == 302, email
        client.post(reverse("accounts:logout"))


@pytest.mark.django_db
def test_executive_head_leads_two_schools():
    call_command("seed_demo")

    head = User.objects.get(email="executive.head@demo.pvat.example")
    assert head.memberships.current().filter(role=Role.HEADTEACHER).count() == 2


@pytest.mark.django_db
def test_demo_evidence_spans_three_years_and_every_source():
    from evidence.models import (
        AttainmentResult,
        EvidenceDocument,
        Finance,
        Inspection,
        SafeguardingAudit,
    )

    call_command("seed_demo")

    this_year = academic_start_year_of(timezone.localdate())
    years = set(AttainmentResult.objects.values_list("academic_year", flat=True))
    assert years == {this_year - 3, this_year - 2, this_year - 1}
    assert Inspection.objects.filter(framework="renewed").exists()
    assert Inspection.objects.filter(framework="eif").exists()
    assert Finance.objects.filter(rating="red").exists()
    assert Finance.objects.filter(rating="dark_green").exists()
    assert SafeguardingAudit.objects.filter(overall="not_effective").exists()
    assert EvidenceDocument.objects.filter(kind="sef").count() >= 10


@pytest.mark.django_db
def test_demo_progress_8_is_absent_when_dfe_did_not_publish_it():
    from evidence.models import AttainmentResult, Availability

    call_command("seed_demo")

    progress_8 = AttainmentResult.objects.filter(measure="ks4_progress8")
    unpublished = MEASURES_BY_KEY["ks4_progress8"].not_published

    for result in progress_8:
        if result.academic_year in unpublished:
            assert result.value is None
            assert result.availability == Availability.NOT_PUBLISHED
        else:
            assert result.value is not None


@pytest.mark.django_db
def test_demo_trust_has_tiers_decided_and_recommendations_in_every_tier():
    from categorisation.models import TierDecision
    from categorisation.selectors import recommendations_for
    from schools.models import School

    call_command("seed_demo")
    call_command("seed_demo")

    open_schools = School.objects.open()
    recommended = {rec.tier for _, rec in recommendations_for(list(open_schools))}
    assert recommended == {1, 2, 3}
    assert TierDecision.objects.count() == open_schools.count()
    assert set(TierDecision.objects.values_list("tier", flat=True)) == {1, 2, 3}


@pytest.mark.django_db
def test_demo_has_this_years_completed_visits_with_notes_and_planned_ones():
    from visits.models import Visit, VisitStatus

    call_command("seed_demo")
    call_command("seed_demo")

    from schools.models import HalfTerm

    today = timezone.localdate()
    first_half = HalfTerm.objects.get(
        number=1, term__academic_year__start_year=academic_start_year_of(today)
    )
    # The history is of visits already made: none before the first half-term ends.
    expected = 12 if first_half.ends_on < today else 0
    completed = Visit.objects.filter(status=VisitStatus.COMPLETED)
    assert completed.count() == expected
    assert all(visit.note.summary for visit in completed)
    assert all(visit.planned_on.weekday() < 5 for visit in completed)
    assert Visit.objects.filter(status=VisitStatus.PLANNED).exists()
