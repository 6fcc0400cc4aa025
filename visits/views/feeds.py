from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control

from accounts.access import public, signed_in

from ..feeds import (
    calendar_feed_of,
    calendar_feed_reset,
    calendar_feed_text,
    calendar_feed_user,
    calendar_feed_version,
    calendar_visits,
)


@signed_in
def calendar_link(request):
    if request.method == "POST":
        had_link = calendar_feed_of(request.user) is not None
        calendar_feed_reset(user=request.user)
        messages.success(request, _reset_message(had_link))
        return redirect("visits:calendar_link")
    feed = calendar_feed_of(request.user)
    feed_url = _feed_url(request, feed) if feed else ""
    context = {"feed_url": feed_url, "webcal_url": _webcal(feed_url)}
    return render(request, "visits/calendar_link.html", context)


def _feed_url(request, feed):
    path = reverse("visits:calendar_feed", kwargs={"feed_token": feed.token})
    return request.build_absolute_uri(path)


def _webcal(feed_url):
    """The same address for programs that subscribe from a webcal: link."""
    _, _, rest = feed_url.partition("://")
    return f"webcal://{rest}" if rest else ""


def _reset_message(had_link):
    if not had_link:
        return "Your calendar link is ready. Add it to your calendar below."
    return (
        "Your calendar link was reset. The old link no longer works: "
        "add the new one to your calendar."
    )


# Calendar programs cannot sign in; the secret token in the address is the
# whole of the check. The answer is private, so proxies keep no copy of
# anyone's visits, and no-cache, so a program that keeps one asks each time
# (with the ETag) whether it is still right.
@public
def calendar_feed(request, feed_token):
    user = calendar_feed_user(feed_token)
    if user is None:
        raise Http404("No such calendar.")
    visits = calendar_visits(user=user, today=timezone.localdate())
    version = calendar_feed_version(
        visits=visits, site_url=request.build_absolute_uri("/")
    )
    etag = f'"{version}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        text = calendar_feed_text(
            visits=visits,
            version=version,
            link_for=lambda visit: request.build_absolute_uri(visit.get_absolute_url()),
        )
        response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="visits.ics"'
    response["ETag"] = etag
    patch_cache_control(response, private=True, no_cache=True)
    return response
