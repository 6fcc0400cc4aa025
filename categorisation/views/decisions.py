from django.http import HttpResponse

from accounts.access import signed_in


@signed_in
def school_tier(request, urn):
    return HttpResponse("placeholder")


@signed_in
def decision_create(request, urn):
    return HttpResponse("placeholder")


@signed_in
def tier_overview(request):
    return HttpResponse("placeholder")
