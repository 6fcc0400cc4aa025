from django.http import HttpResponse

from accounts.access import permission_required


@permission_required("visits.view_workload")
def workload(request):
    return HttpResponse("placeholder")
