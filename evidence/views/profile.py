from django.http import HttpResponse

from accounts.access import signed_in


@signed_in
def evidence_overview(request, urn):
    return HttpResponse("placeholder")


@signed_in
def evidence_source(request, urn, source):
    return HttpResponse("placeholder")
