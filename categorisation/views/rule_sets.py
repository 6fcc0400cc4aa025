from django.http import HttpResponse

from accounts.access import permission_required, signed_in


@signed_in
def rule_set_list(request):
    return HttpResponse("placeholder")


@permission_required("categorisation.manage_rule_sets")
def rule_set_edit(request, academic_year):
    return HttpResponse("placeholder")
