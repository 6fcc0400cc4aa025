from django.http import HttpResponse

from accounts.access import permission_required, signed_in


@signed_in
def calendar_overview(request):
    return HttpResponse("placeholder")


@permission_required("schools.manage_calendar")
def academic_year_create(request):
    return HttpResponse("placeholder")


@signed_in
def academic_year_edit(request, start_year):
    return HttpResponse("placeholder")
