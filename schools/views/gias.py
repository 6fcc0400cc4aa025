"""Importing the trust's schools from GIAS in the browser: upload, preview,
apply.

The uploaded file waits between the steps under MEDIA_ROOT (never served),
named by a random token that only the uploader's session knows. Applying
plans again from the file, against the register as it is at that moment.
"""

import logging
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat

from accounts.access import permission_required
from pvat.staging import StagedFile, UploadStage

from ..gias import (
    GiasFileError,
    GiasPlanStale,
    gias_import_apply,
    gias_plan_digest,
    gias_plan_file,
    gias_plan_summary,
    gias_read,
)
from ..models import School

logger = logging.getLogger(__name__)

STAGE = UploadStage("gias-imports")


class GiasUploadForm(forms.Form):
    file = forms.FileField(
        label="GIAS establishment file",
        help_text="The edubasealldata CSV file exactly as downloaded from "
        "Get Information About Schools.",
        error_messages={"required": "Choose the GIAS file to upload."},
    )
    trust_name = forms.CharField(
        label="Trust name",
        max_length=200,
        help_text="As GIAS writes it in the Trusts (name) column; capital "
        "letters do not matter.",
        error_messages={"required": "Enter the trust's name."},
    )

    def clean_file(self):
        """The file's bytes, once they are known to be a readable GIAS file."""
        upload = self.cleaned_data["file"]
        limit = settings.GIAS_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"This file is larger than the {filesizeformat(limit)} allowed."
            )
        data = upload.read()
        try:
            gias_read(data)
        except GiasFileError as error:
            problems = [str(problem) for problem in error.errors]
            raise forms.ValidationError(problems) from None
        return data


@dataclass(frozen=True)
class StoredUpload:
    staged: StagedFile
    trust_name: str

    @property
    def token(self):
        return self.staged.token

    @property
    def path(self):
        return self.staged.path


@permission_required("schools.import_gias")
def gias_import(request):
    if request.method != "POST":
        form = GiasUploadForm(initial={"trust_name": settings.TRUST_NAME})
        return render(request, "schools/gias_import.html", {"form": form})
    form = GiasUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "schools/gias_import.html", {"form": form})

    token = STAGE.stage(
        request,
        [form.cleaned_data["file"]],
        suffix="csv",
        details={"trust_name": form.cleaned_data["trust_name"]},
    )
    logger.info(
        "GIAS file of %d bytes uploaded by user %s",
        len(form.cleaned_data["file"]),
        request.user.pk,
    )
    return redirect("schools:gias_import_preview", token=token)


@permission_required("schools.import_gias")
def gias_import_preview(request, token):
    upload = _stored_upload(request, token)
    plan = gias_plan_file(
        upload.path.read_bytes(),
        trust_name=upload.trust_name,
        existing_schools=School.objects.all(),
    )
    digest = gias_plan_digest(plan)
    if request.method == "POST" and plan.is_valid:
        if request.POST.get("digest") == digest:
            return _apply(request, upload, plan)
        messages.warning(
            request,
            "The schools register changed since this preview was shown. "
            "Check the changes again before applying them.",
        )
        return redirect("schools:gias_import_preview", token=token)
    context = {"plan": plan, "upload": upload, "digest": digest}
    return render(request, "schools/gias_import_preview.html", context)


def _apply(request, upload, plan):
    try:
        gias_import_apply(plan=plan, imported_by=request.user)
    except GiasPlanStale:
        messages.warning(
            request,
            "A school changed while the import ran, so nothing was written. "
            "Check the changes again before applying them.",
        )
        return redirect("schools:gias_import_preview", token=upload.token)
    STAGE.discard(request, upload.staged)
    messages.success(request, f"Import from GIAS finished: {gias_plan_summary(plan)}.")
    return redirect("schools:list")


def _stored_upload(request, token):
    staged = STAGE.get(request, token)
    return StoredUpload(staged, staged.details["trust_name"])
