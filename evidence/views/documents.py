from django.http import HttpResponse

from accounts.access import signed_in


@signed_in
def document_upload(request, urn):
    return HttpResponse("placeholder")


@signed_in
def document_download(request, urn, document_pk):
    return HttpResponse("placeholder")


@signed_in
def document_scrutinise(request, urn, document_pk):
    return HttpResponse("placeholder")
