from django.http import HttpResponse

from accounts.access import permission_required, signed_in


@signed_in
def school_visits(request, urn):
    return HttpResponse("placeholder")


@signed_in
def school_cadence(request, urn):
    return HttpResponse("placeholder")


@signed_in
def visit_detail(request, urn, visit_pk):
    return HttpResponse("placeholder")


@permission_required("visits.manage_cadences")
def tier_cadences(request):
    return HttpResponse("placeholder")
