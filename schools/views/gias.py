from django.http import HttpResponse

from accounts.access import permission_required


@permission_required("schools.import_gias")
def gias_import(request):
    return HttpResponse("placeholder")


@permission_required("schools.import_gias")
def gias_import_preview(request, token):
    return HttpResponse("placeholder")
