import datetime
import logging

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from visits.models import CalendarFeed, Visit, VisitStatus

TODAY = datetime.date(2026, 12, 3)
WINDOW = (datetime.date(2026, 9, 1), datetime.date(2027, 3, 31))


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    real_localdate = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real_localdate(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def _visit(school, planned_on, **fields):
    return Visit.objects.create(
        school=school,
        kind=fields.pop("kind", "monitoring"),
        window_label="Autumn 2026/27",
        window_starts_on=WINDOW[0],
        window_ends_on=WINDOW[1],
        planned_on=planned_on,
        **fields,
    )


def _create_link(client, user):
    client.force_login(user)
    client.post(reverse("visits:calendar_link"))
    return CalendarFeed.objects.get(user=user)


def _feed_url(feed):
    return reverse("visits:calendar_feed", kwargs={"feed_token": feed.token})


def _events(response):
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def _uid(visit):
    return f"visit-{visit.pk}@testserver.example"


@pytest.fixture
def site_domain(settings):
    settings.SITE_DOMAIN = "testserver.example"


def test_link_page_offers_to_create_a_link_first(client, headteacher):
    client.force_login(headteacher)

    response = client.get(reverse("visits:calendar_link"))

    assert response.status_code == 200
    assert "Create my calendar link" in response.content.decode()
    assert not CalendarFeed.objects.exists()


def test_link_page_shows_the_absolute_feed_url(client, ceo):
    feed = _create_link(client, ceo)

    response = client.get(reverse("visits:calendar_link"))

    page = response.content.decode()
    assert f'value="http://testserver{_feed_url(feed)}"' in page
    assert "readonly" in page
    assert "Reset the link" in page
    assert len(feed.token) >= 40


def test_feed_holds_my_visits_with_dates_uids_and_summaries(
    client, site_domain, ceo, admin_user, school_a, school_b
):
    mine = _visit(school_a, datetime.date(2026, 12, 10), lead=ceo)
    unassigned = _visit(school_b, datetime.date(2027, 1, 14), kind="quality_assurance")
    done = _visit(
        school_a, datetime.date(2026, 11, 2), lead=ceo, status=VisitStatus.COMPLETED
    )
    _visit(school_a, datetime.date(2026, 12, 11), lead=admin_user)
    _visit(school_a, TODAY - datetime.timedelta(days=61), lead=ceo)
    feed = _create_link(client, ceo)
    client.logout()

    response = client.get(_feed_url(feed))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    assert b"X-PUBLISHED-TTL:PT1H" in response.content
    events = _events(response)
    assert set(events) == {_uid(mine), _uid(unassigned), _uid(done)}
    event = events[_uid(mine)]
    assert event.decoded("DTSTART") == datetime.date(2026, 12, 10)
    assert event.decoded("DTEND") == datetime.date(2026, 12, 11)
    assert str(event["SUMMARY"]) == f"Monitoring visit: {school_a.name}"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "1 September 2026 to 31 March 2027" in str(event["DESCRIPTION"])
    assert mine.get_absolute_url() in str(event["DESCRIPTION"])
    summary = str(events[_uid(unassigned)]["SUMMARY"])
    assert summary == f"Quality-assurance visit: {school_b.name}"


def test_replaced_visits_are_sent_as_cancelled(client, site_domain, ceo, school_a):
    replaced = _visit(
        school_a, datetime.date(2026, 12, 10), lead=ceo, status=VisitStatus.REPLACED
    )
    feed = _create_link(client, ceo)

    events = _events(client.get(_feed_url(feed)))

    assert str(events[_uid(replaced)]["STATUS"]) == "CANCELLED"


def test_feed_leaves_out_other_peoples_visits(
    client, site_domain, ceo, admin_user, school_a
):
    ceo_visit = _visit(school_a, datetime.date(2026, 12, 10), lead=ceo)
    _visit(school_a, datetime.date(2026, 12, 10))
    admin_visit = _visit(school_a, datetime.date(2026, 12, 11), lead=admin_user)
    feed = _create_link(client, admin_user)

    events = _events(client.get(_feed_url(feed)))

    # The admin is not the CEO, so visits nobody leads yet are not theirs.
    assert set(events) == {_uid(admin_visit)}
    assert _uid(ceo_visit) not in events


def test_a_former_ceo_no_longer_gets_unassigned_visits(
    client, site_domain, ceo, school_a
):
    _visit(school_a, datetime.date(2026, 12, 10))
    feed = _create_link(client, ceo)
    Membership.objects.filter(user=ceo).update(ended_at=timezone.now())

    events = _events(client.get(_feed_url(feed)))

    assert events == {}


def test_reset_replaces_the_token_and_the_old_link_stops_working(client, ceo, caplog):
    feed = _create_link(client, ceo)
    old_token = feed.token

    with caplog.at_level(logging.INFO, logger="visits.feeds"):
        response = client.post(reverse("visits:calendar_link"), follow=True)

    feed.refresh_from_db()
    assert feed.token != old_token
    assert "The old link no longer works" in response.content.decode()
    assert f"reset for user {ceo.pk}" in caplog.text
    assert old_token not in caplog.text and feed.token not in caplog.text
    old_url = reverse("visits:calendar_feed", kwargs={"feed_token": old_token})
    assert client.get(old_url).status_code == 404
    assert client.get(_feed_url(feed)).status_code == 200
    assert CalendarFeed.objects.count() == 1


def test_unknown_token_is_not_found(client, ceo):
    _create_link(client, ceo)

    url = reverse("visits:calendar_feed", kwargs={"feed_token": "no-such-feed"})

    assert client.get(url).status_code == 404


def test_a_deactivated_persons_link_stops_working(client, ceo):
    feed = _create_link(client, ceo)
    client.logout()
    ceo.is_active = False
    ceo.save()

    assert client.get(_feed_url(feed)).status_code == 404


def test_feed_needs_no_sign_in(client, site_domain, ceo, school_a):
    visit = _visit(school_a, datetime.date(2026, 12, 10), lead=ceo)
    feed = _create_link(client, ceo)
    client.logout()

    response = client.get(_feed_url(feed))

    assert response.status_code == 200
    assert set(_events(response)) == {_uid(visit)}


def test_signed_out_people_cannot_create_a_link(db, client):
    response = client.post(reverse("visits:calendar_link"))

    assert response.status_code == 302
    assert not CalendarFeed.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "is_offered"),
    [
        ("ceo", True),
        ("admin", True),
        ("trust_reviewer", True),
        ("trustee", False),
        ("headteacher", False),
        ("governor", False),
    ],
)
def test_the_menu_offers_a_feed_only_to_those_who_lead_visits(
    client, people, role, is_offered
):
    client.force_login(people[role])

    page = client.get(reverse("home")).content.decode()

    assert ("Calendar feed of my visits" in page) is is_offered


# Made once, answered from the cache or with 304 until something changes ------


@pytest.fixture
def renders(monkeypatch):
    """Count the times the feed's text is written."""
    from visits import feeds

    written = []
    real_render = feeds.calendar_render

    def render(**arguments):
        written.append(1)
        return real_render(**arguments)

    monkeypatch.setattr(feeds, "calendar_render", render)
    return written


def test_an_unchanged_feed_is_written_once(client, site_domain, ceo, school_a, renders):
    _visit(school_a, datetime.date(2026, 12, 10), lead=ceo)
    url = _feed_url(_create_link(client, ceo))

    first, second = client.get(url), client.get(url)

    assert first.content == second.content
    assert first["ETag"] == second["ETag"]
    assert len(renders) == 1


def test_a_program_holding_the_feed_is_told_it_has_not_changed(
    client, site_domain, ceo, school_a, renders
):
    _visit(school_a, datetime.date(2026, 12, 10), lead=ceo)
    url = _feed_url(_create_link(client, ceo))
    etag = client.get(url)["ETag"]

    response = client.get(url, headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert len(renders) == 1


def test_a_change_left_out_of_updated_at_still_makes_a_new_feed(
    client, site_domain, ceo, school_a
):
    visit = _visit(school_a, datetime.date(2026, 12, 10), lead=ceo)
    url = _feed_url(_create_link(client, ceo))
    before = client.get(url)

    Visit.objects.filter(pk=visit.pk).update(
        status=VisitStatus.REPLACED, updated_at=visit.updated_at
    )
    response = client.get(url, headers={"If-None-Match": before["ETag"]})

    assert response.status_code == 200
    assert response["ETag"] != before["ETag"]
    assert str(_events(response)[_uid(visit)]["STATUS"]) == "CANCELLED"


def test_a_renamed_school_makes_a_new_feed(client, site_domain, ceo, school_a):
    _visit(school_a, datetime.date(2026, 12, 10), lead=ceo)
    url = _feed_url(_create_link(client, ceo))
    client.get(url)

    school_a.name = "Ashby Road Primary Academy"
    school_a.save()

    assert b"Ashby Road Primary Academy" in client.get(url).content
