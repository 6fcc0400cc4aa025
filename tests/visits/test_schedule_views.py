"""The school's Visits tab, a visit's page, the school cadence and the
tier cadences, for each role of the access matrix. Today is pinned to
Thursday 3 December 2026; school A was put in Tier 2 on 1 October."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from categorisation.services import tier_decision_record
from schools.calendar import calendar_propose
from schools.services import academic_year_create
from visits.models import SchoolCadence, TierCadence, Visit, VisitStatus

date = datetime.date
TODAY = date(2026, 12, 3)


@pytest.fixture
def today(monkeypatch):
    real_localdate = timezone.localdate

    def set_today(day):
        def localdate(value=None, timezone=None):
            return real_localdate(value, timezone) if value else day

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    set_today(TODAY)
    return set_today


@pytest.fixture
def tier_2_school(school_a, ceo, today, django_capture_on_commit_callbacks):
    """School A in Tier 2 since 1 October 2026, its Autumn 1 visit done."""
    academic_year_create(start_year=2026, dates=calendar_propose(2026))
    today(date(2026, 10, 1))
    with django_capture_on_commit_callbacks(execute=True):
        tier_decision_record(
            school=school_a, tier=2, decided_by=ceo, effective_on=date(2026, 10, 1)
        )
    today(TODAY)
    autumn_1 = school_a.visits.get(window_label="Autumn 1 2026/27")
    autumn_1.status = VisitStatus.COMPLETED
    autumn_1.completed_at = timezone.now()
    autumn_1.save()
    return school_a


def _visit(school, label):
    return school.visits.get(window_label=label, status=VisitStatus.PLANNED)


def _tab(school):
    return reverse("visits:school_visits", kwargs={"urn": school.urn})


def _detail(visit):
    return visit.get_absolute_url()


def _cadence(school):
    return reverse("visits:school_cadence", kwargs={"urn": school.urn})


# The Visits tab ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("ceo", 200),
        ("admin", 200),
        ("headteacher", 200),
        ("governor", 200),
        ("other_headteacher", 404),
    ],
)
def test_who_opens_the_visits_tab(client, people, tier_2_school, role, status):
    client.force_login(people[role])

    response = client.get(_tab(tier_2_school))

    assert response.status_code == status


@pytest.mark.django_db
def test_the_tab_lists_the_cadence_upcoming_visits_and_history(
    client, headteacher, tier_2_school
):
    client.force_login(headteacher)

    response = client.get(_tab(tier_2_school))

    page = response.content.decode()
    assert "Tier 2: a monitoring visit each half-term" in page
    upcoming = [v.window_label for v in response.context["upcoming"]]
    assert upcoming == [
        "Autumn 2 2026/27",
        "Spring 1 2026/27",
        "Spring 2 2026/27",
        "Summer 1 2026/27",
        "Summer 2 2026/27",
    ]
    assert [v.window_label for v in response.context["history"]] == ["Autumn 1 2026/27"]
    autumn_2 = _visit(tier_2_school, "Autumn 2 2026/27")
    assert date_format(autumn_2.planned_on, "j F Y") in page
    assert "Completed" in page
    assert "Set this school's cadence" not in page


@pytest.mark.django_db
def test_the_history_shows_overdue_and_replaced_visits(
    client, ceo, tier_2_school, today, django_capture_on_commit_callbacks
):
    today(date(2026, 12, 21))
    with django_capture_on_commit_callbacks(execute=True):
        tier_decision_record(school=tier_2_school, tier=3, decided_by=ceo)
    client.force_login(ceo)

    response = client.get(_tab(tier_2_school))

    page = response.content.decode()
    history = {v.window_label: v.status for v in response.context["history"]}
    assert history["Autumn 2 2026/27"] == VisitStatus.PLANNED
    assert history["Spring 1 2026/27"] == VisitStatus.REPLACED
    assert "Overdue" in page
    assert "Replaced by a new schedule" in page
    assert response.context["upcoming"][0].window_label == (
        "Fortnight of 4 January 2027"
    )
    assert "Set this school's cadence" in page


# A visit's page ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status", "has_form"),
    [
        ("ceo", 200, True),
        ("admin", 200, True),
        ("headteacher", 200, False),
        ("governor", 200, False),
        ("other_headteacher", 404, False),
    ],
)
def test_who_opens_a_visit(client, people, tier_2_school, role, status, has_form):
    client.force_login(people[role])

    response = client.get(_detail(_visit(tier_2_school, "Spring 1 2026/27")))

    assert response.status_code == status
    if status == 200:
        assert (response.context["form"] is not None) == has_form
        assert "Spring 1 2026/27" in response.content.decode()


@pytest.mark.django_db
def test_a_visit_of_another_school_is_not_found(client, ceo, tier_2_school, school_b):
    visit = _visit(tier_2_school, "Spring 1 2026/27")
    client.force_login(ceo)

    url = reverse("visits:detail", kwargs={"urn": school_b.urn, "visit_pk": visit.pk})

    assert client.get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["headteacher", "governor"])
def test_school_members_cannot_move_a_visit(client, people, tier_2_school, role):
    visit = _visit(tier_2_school, "Spring 1 2026/27")
    planned_before = visit.planned_on
    client.force_login(people[role])

    response = client.post(_detail(visit), {"planned_on": "2027-01-12"})

    assert response.status_code == 403
    visit.refresh_from_db()
    assert visit.planned_on == planned_before


def _move_data(client, visit, **data):
    form = client.get(_detail(visit)).context["form"]
    return {
        "planned_on": visit.planned_on.isoformat(),
        "lead": visit.lead_id or "",
        "version": form.initial["version"],
        **data,
    }


@pytest.mark.django_db
def test_ceo_moves_a_visit_and_changes_its_lead(
    client, ceo, trust_reviewer, tier_2_school
):
    visit = _visit(tier_2_school, "Spring 1 2026/27")
    client.force_login(ceo)
    data = _move_data(client, visit, planned_on="2027-01-12", lead=trust_reviewer.pk)

    response = client.post(_detail(visit), data, follow=True)

    visit.refresh_from_db()
    assert (visit.planned_on, visit.lead) == (date(2027, 1, 12), trust_reviewer)
    assert "12 January 2027" in response.content.decode()


@pytest.mark.django_db
def test_lead_choices_are_the_central_team(client, ceo, people, tier_2_school):
    client.force_login(ceo)

    form = client.get(_detail(_visit(tier_2_school, "Spring 1 2026/27"))).context[
        "form"
    ]

    leads = set(form.fields["lead"].queryset)
    assert leads == {people["ceo"], people["admin"], people["trust_reviewer"]}


@pytest.mark.django_db
def test_a_date_outside_the_window_changes_nothing(client, ceo, tier_2_school):
    visit = _visit(tier_2_school, "Spring 1 2026/27")
    planned_before = visit.planned_on
    client.force_login(ceo)
    data = _move_data(client, visit, planned_on="2027-02-16")

    response = client.post(_detail(visit), data)

    assert response.status_code == 200
    assert "Choose a date inside the visit" in response.content.decode()
    visit.refresh_from_db()
    assert visit.planned_on == planned_before


@pytest.mark.django_db
def test_a_stale_move_is_refused(client, ceo, admin_user, tier_2_school):
    visit = _visit(tier_2_school, "Spring 1 2026/27")
    client.force_login(ceo)
    data = _move_data(client, visit, planned_on="2027-01-12")
    client.force_login(admin_user)
    client.post(_detail(visit), _move_data(client, visit, planned_on="2027-01-13"))
    client.force_login(ceo)

    response = client.post(_detail(visit), data)

    assert "Someone else saved changes" in response.content.decode()
    visit.refresh_from_db()
    assert visit.planned_on == date(2027, 1, 13)


# The school's cadence ---------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("ceo", 200),
        ("admin", 200),
        ("headteacher", 403),
        ("governor", 403),
        ("other_headteacher", 404),
    ],
)
def test_who_sets_a_school_cadence(client, people, tier_2_school, role, status):
    client.force_login(people[role])

    assert client.get(_cadence(tier_2_school)).status_code == status
    if status == 403:
        response = client.post(
            _cadence(tier_2_school), {"cadence": "fortnightly", "reason": "No."}
        )
        assert response.status_code == 403
        assert not SchoolCadence.objects.exists()


@pytest.mark.django_db
def test_cadence_choices_are_only_more_often_than_the_tier(client, ceo, tier_2_school):
    client.force_login(ceo)

    form = client.get(_cadence(tier_2_school)).context["form"]

    assert form.fields["cadence"].choices == [
        ("", "As its tier (each half-term)"),
        ("fortnightly", "Every school fortnight"),
    ]


@pytest.mark.django_db
def test_ceo_sets_a_school_cadence_and_visits_are_re_planned(
    client, ceo, tier_2_school
):
    spring_1 = _visit(tier_2_school, "Spring 1 2026/27")
    client.force_login(ceo)

    response = client.post(
        _cadence(tier_2_school),
        {"cadence": "fortnightly", "reason": "A new headteacher."},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == _tab(tier_2_school)
    own = SchoolCadence.objects.get(school=tier_2_school)
    assert (own.cadence, own.reason, own.set_by) == (
        "fortnightly",
        "A new headteacher.",
        ceo,
    )
    spring_1.refresh_from_db()
    assert spring_1.status == VisitStatus.REPLACED
    # Autumn 2's visit, its target date passed, is still due in its window.
    cadences = {v.window_label[:9]: v.cadence for v in response.context["upcoming"]}
    assert cadences == {"Autumn 2 ": "half_termly", "Fortnight": "fortnightly"}
    page = response.content.decode()
    assert "The CEO visits this school more often" in page
    assert "A new headteacher." in page


@pytest.mark.django_db
def test_a_school_cadence_needs_a_reason(client, ceo, tier_2_school):
    client.force_login(ceo)

    response = client.post(
        _cadence(tier_2_school), {"cadence": "fortnightly", "reason": ""}
    )

    assert response.status_code == 200
    assert "Say why the school is visited more often" in response.content.decode()
    assert not SchoolCadence.objects.exists()
    assert not tier_2_school.visits.filter(status=VisitStatus.REPLACED).exists()


@pytest.mark.django_db
def test_a_school_without_a_tier_has_no_cadence_form(client, ceo, school_a):
    client.force_login(ceo)

    response = client.get(_cadence(school_a))

    assert response.context["form"] is None
    assert "no tier yet" in response.content.decode()


# The tier cadences ------------------------------------------------------------


def _formset_data(response, changes):
    """The formset as shown, with changes keyed (tier, field)."""
    formset = response.context["formset"]
    data = {
        f"{formset.prefix}-{key}": value
        for key, value in formset.management_form.initial.items()
    }
    for index, form in enumerate(formset):
        tier = form.instance.tier
        data[f"{formset.prefix}-{index}-id"] = form.instance.pk
        for name in ("cadence", "visit_kind"):
            value = changes.get((tier, name), getattr(form.instance, name))
            data[f"{formset.prefix}-{index}-{name}"] = value
    return data


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status", "post_status"),
    [
        ("ceo", 200, 403),
        ("admin", 200, 302),
        ("headteacher", 200, 403),
        ("governor", 200, 403),
    ],
)
def test_everyone_reads_tier_cadences_and_only_the_admin_edits_them(
    client, people, role, status, post_status, tier_2_school
):
    client.force_login(people[role])
    url = reverse("visits:cadences")
    visits_before = sorted(Visit.objects.values_list("pk", "status"))

    page = client.get(url)
    assert page.status_code == status
    assert client.post(url, {"replan": "all"}).status_code == post_status

    is_admin = role == "admin"
    assert ("Save the cadences" in page.text) is is_admin
    assert ("Re-plan all schools now" in page.text) is is_admin
    assert "Each half-term" in page.text
    if not is_admin:
        assert "<select" not in page.text
        assert sorted(Visit.objects.values_list("pk", "status")) == visits_before


@pytest.mark.django_db
def test_admin_changes_a_tier_cadence_without_re_planning(
    client, admin_user, tier_2_school
):
    client.force_login(admin_user)
    url = reverse("visits:cadences")
    shown = client.get(url)
    assert len(shown.context["formset"]) == 3
    visits_before = sorted(Visit.objects.values_list("pk", "status", "cadence"))

    response = client.post(
        url, _formset_data(shown, {(2, "cadence"): "fortnightly"}), follow=True
    )

    tier_2 = TierCadence.objects.get(tier=2)
    assert (tier_2.cadence, tier_2.updated_by) == ("fortnightly", admin_user)
    assert TierCadence.objects.get(tier=1).cadence == "termly"
    page = response.content.decode()
    assert "1 open school is affected" in page
    assert "Re-plan all schools now" in page
    assert sorted(Visit.objects.values_list("pk", "status", "cadence")) == (
        visits_before
    )


@pytest.mark.django_db
def test_re_plan_all_schools_now(
    client, admin_user, tier_2_school, django_capture_on_commit_callbacks
):
    TierCadence.objects.filter(tier=2).update(cadence="fortnightly")
    client.force_login(admin_user)

    # The worker's task is queued when the request commits; here it runs
    # eagerly as the block ends, after the answer to the post.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("visits:cadences"), {"replan": "all"})
    # The page's words, with its line breaks and indents as single spaces.
    page = " ".join(client.get(reverse("visits:cadences")).content.decode().split())

    assert "The schools are being re-planned" in page
    assert "Last re-planned" in page
    assert "across 2 schools, of which 1 with no tier yet has no visits." in page
    planned = tier_2_school.visits.planned().filter(planned_on__gt=TODAY)
    assert {v.cadence for v in planned} == {"fortnightly"}
    assert _visit(tier_2_school, "Autumn 2 2026/27").cadence == "half_termly"
    assert tier_2_school.visits.filter(status=VisitStatus.COMPLETED).count() == 1
