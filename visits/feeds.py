"""Each person's visits as an iCalendar feed behind a secret link.

The link's token is the only secret: a calendar program fetches the feed
without signing in. Tokens are never logged; resetting a link replaces its
token, so the old link answers 404 from then on.

Writing the events is the slow part (about a second for a thousand), and
calendar programs fetch the feed every hour whether anything changed or not.
So each fetch reads only the fields the text is made from, as value rows,
and takes their digest: an unchanged feed is answered from the cache, or
with 304 to a program that sends the digest back as If-None-Match. The
digest covers every field written, so a change made with a bulk update that
leaves `updated_at` alone still makes a new feed.
"""

import datetime
import hashlib
import logging
import secrets

import icalendar
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import dateformat, timezone

from .models import CalendarFeed, Visit, VisitStatus
from .selectors import visits_led_by

logger = logging.getLogger(__name__)

# Calendar programs keep what they have seen; visits from this far back are
# still sent so that a recent completion or replacement reaches them.
FEED_DAYS_BACK = 60
# How often calendar programs that honour the hint fetch the feed again.
FEED_REFRESH = datetime.timedelta(hours=1)
FEED_STATUSES = [
    VisitStatus.PLANNED,
    VisitStatus.COMPLETED,
    VisitStatus.REPLACED,
    VisitStatus.CANCELLED,
]
# What the text of a visit's event is made from.
EVENT_FIELDS = (
    "pk",
    "kind",
    "status",
    "planned_on",
    "window_label",
    "window_starts_on",
    "window_ends_on",
    "updated_at",
    "school__name",
    "school__urn",
)
# How long a feed's text is kept once made. The digest, not this, decides
# whether it is still right.
FEED_CACHE_SECONDS = 24 * 60 * 60
EVENT_STATUS = {
    VisitStatus.PLANNED: "CONFIRMED",
    VisitStatus.COMPLETED: "CONFIRMED",
    VisitStatus.REPLACED: "CANCELLED",
    VisitStatus.CANCELLED: "CANCELLED",
}


def _new_token():
    return secrets.token_urlsafe(32)


def calendar_feed_of(user):
    """The person's feed, or None if they have not asked for a link yet."""
    return CalendarFeed.objects.filter(user=user).first()


def calendar_feed_reset(*, user):
    """Give the person a new link, creating their feed on first use; any
    link they had before stops working."""
    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(
            user=user, defaults={"token": _new_token()}
        )
        if not created:
            feed.token = _new_token()
            feed.created_at = timezone.now()
            feed.save(update_fields=["token", "created_at"])
    action = "created" if created else "reset"
    logger.info("Calendar feed %s for user %s", action, user.pk)
    return feed


def calendar_feed_user(token):
    """The active person whose feed has this token, or None."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )
    return feed.user if feed else None


def calendar_visits(*, user, today):
    """The person's visits the feed sends, oldest first."""
    since = today - datetime.timedelta(days=FEED_DAYS_BACK)
    return (
        Visit.objects.filter(visits_led_by(user))
        .filter(status__in=FEED_STATUSES, planned_on__gte=since)
        .select_related("school")
        .order_by("planned_on", "pk")
    )


def calendar_feed_version(*, visits, site_url):
    """A digest of everything the feed's text is made from: the visits'
    fields, the address of the site and the trust's name."""
    digest = hashlib.sha256(f"{site_url}|{settings.TRUST_NAME}".encode())
    digest.update(settings.SITE_DOMAIN.encode())
    for row in visits.values_list(*EVENT_FIELDS):
        digest.update(repr(row).encode())
    return digest.hexdigest()


def calendar_feed_text(*, visits, version, link_for):
    """The feed's text for this version: kept from an earlier fetch, or made
    now and kept."""
    key = f"calendar-feed:{version}"
    text = cache.get(key)
    if text is None:
        text = calendar_render(visits=visits, link_for=link_for)
        cache.set(key, text, FEED_CACHE_SECONDS)
    return text


def calendar_render(*, visits, link_for):
    """The visits as iCalendar text. `link_for(visit)` gives the absolute
    address of a visit's page."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{settings.TRUST_NAME}//School improvement//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Visits · {settings.TRUST_NAME}")
    calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(FEED_REFRESH))
    stamp = timezone.now()
    for visit in visits:
        calendar.add_component(_event(visit, link_for(visit), stamp))
    return calendar.to_ical()


def _event(visit, link, stamp):
    event = icalendar.Event()
    event.add("uid", f"visit-{visit.pk}@{settings.SITE_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("last-modified", visit.updated_at)
    # An all-day event: the end date is the day after, as RFC 5545 asks.
    event.add("dtstart", visit.planned_on)
    event.add("dtend", visit.planned_on + datetime.timedelta(days=1))
    event.add("summary", f"{visit.get_kind_display()}: {visit.school.name}")
    event.add("description", _description(visit, link))
    event.add("status", EVENT_STATUS[visit.status])
    event.add("url", link)
    return event


def _description(visit, link):
    window = (
        f"{visit.window_label}: "
        f"{_long_date(visit.window_starts_on)} to {_long_date(visit.window_ends_on)}"
    )
    lines = [f"Window: {window}", f"Status: {visit.get_status_display()}", link]
    return "\n".join(lines)


def _long_date(day):
    return dateformat.format(day, "j F Y")
