from django.http import HttpResponse

from accounts.access import public, signed_in


@signed_in
def calendar_link(request):
    return HttpResponse("placeholder")


@public
def calendar_feed(request, feed_token):
    return HttpResponse("placeholder")
