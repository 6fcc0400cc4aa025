import pytest
from django.core.management import call_command

from accounts.models import Membership, User
from accounts.roles import Role
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
        assert client.login(email=email, password=password), email


@pytest.mark.django_db
def test_executive_head_leads_two_schools():
    call_command("seed_demo")

    head = User.objects.get(email="executive.head@demo.pvat.example")
    assert head.memberships.current().filter(role=Role.HEADTEACHER).count() == 2
