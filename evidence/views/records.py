from django.http import HttpResponse

from accounts.access import permission_required, signed_in


@signed_in
def record_create(request, urn, source):
    return HttpResponse("placeholder")


@signed_in
def record_edit(request, urn, source, record_pk):
    return HttpResponse("placeholder")


@signed_in
def comparator_list(request):
    return HttpResponse("placeholder")


@permission_required("evidence.manage_comparators")
def comparator_create(request):
    return HttpResponse("placeholder")


@permission_required("evidence.manage_comparators")
def comparator_edit(request, comparator_pk):
    return HttpResponse("placeholder")
