from django.http import HttpResponse

from accounts.access import signed_in


@signed_in
def note_edit(request, urn, visit_pk):
    return HttpResponse("placeholder")


@signed_in
def note_autosave(request, urn, visit_pk):
    return HttpResponse("placeholder", status=400)
