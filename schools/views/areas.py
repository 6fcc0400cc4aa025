import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect, render

from accounts.access import permission_required, signed_in

from .. import services
from ..area_forms import ImprovementAreaForm
from ..models import ImprovementArea

logger = logging.getLogger(__name__)


@signed_in
def area_list(request):
    context = {
        "areas": ImprovementArea.objects.all(),
        "can_manage": request.user.has_perm("schools.manage_improvement_areas"),
    }
    return render(request, "schools/area_list.html", context)


@permission_required("schools.manage_improvement_areas")
def area_create(request):
    form = ImprovementAreaForm(
        request.POST or None, initial={"position": _next_position()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            area = services.improvement_area_create(
                **form.cleaned_data, created_by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"{area.name} was added.")
            return redirect("schools:areas")
    return render(request, "schools/area_form.html", {"form": form})


def _next_position():
    """Ten past the last area, leaving room to slot others in between."""
    last = ImprovementArea.objects.aggregate(last=Max("position"))["last"]
    return 10 if last is None else last + 10


@permission_required("schools.manage_improvement_areas")
def area_edit(request, slug):
    area = get_object_or_404(ImprovementArea, slug=slug)
    # Validating the form writes the posted name onto the instance; the page
    # heading keeps the saved one.
    context = {"area": area, "area_name": area.name}
    form = ImprovementAreaForm(request.POST or None, instance=area)
    if request.method == "POST" and form.is_valid():
        form.save()
        logger.info(
            "Improvement area %s updated by user %s (active: %s)",
            area.pk,
            request.user.pk,
            area.is_active,
        )
        messages.success(request, f"{area.name} was saved.")
        return redirect("schools:areas")
    return render(request, "schools/area_form.html", {**context, "form": form})
