from django.http import HttpResponse

from accounts.access import permission_required


@permission_required("categorisation.view_annual_review")
def annual_review_list(request):
    return HttpResponse("placeholder")


@permission_required("categorisation.view_annual_review")
def annual_review_detail(request, academic_year):
    return HttpResponse("placeholder")


@permission_required("categorisation.run_annual_review")
def annual_review_item(request, academic_year, urn):
    return HttpResponse("placeholder")


@permission_required("categorisation.run_annual_review")
def annual_review_finalise(request, academic_year):
    return HttpResponse("placeholder")


@permission_required("categorisation.view_annual_review")
def annual_review_report(request, academic_year):
    return HttpResponse("placeholder")
