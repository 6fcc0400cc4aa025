from django.http import HttpResponse

from accounts.access import permission_required, signed_in


@signed_in
def area_list(request):
    return HttpResponse("placeholder")


@permission_required("schools.manage_improvement_areas")
def area_create(request):
    return HttpResponse("placeholder")


@permission_required("schools.manage_improvement_areas")
def area_edit(request, slug):
    return HttpResponse("placeholder")
