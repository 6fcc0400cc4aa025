from django.http import HttpResponse

from accounts.access import signed_in


@signed_in
def joining_review_create(request, urn):
    return HttpResponse("placeholder")


@signed_in
def joining_review_detail(request, urn, review_pk):
    return HttpResponse("placeholder")
