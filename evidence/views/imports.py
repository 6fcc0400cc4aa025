from django.http import HttpResponse

from accounts.access import permission_required


@permission_required("evidence.import_evidence")
def import_start(request):
    return HttpResponse("placeholder")


@permission_required("evidence.import_evidence")
def import_template(request, source, file_format):
    return HttpResponse("placeholder")


@permission_required("evidence.import_evidence")
def import_preview(request, token):
    return HttpResponse("placeholder")
