"""Importing the trust's schools from GIAS in the browser: upload, preview,
apply.

The uploaded file waits between the steps under MEDIA_ROOT (never served),
named by a random token that only the uploader's session knows. Applying
plans again from the file, against the register as it is at that moment.
"""

import datetime
import logging
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat

from accounts.access import permission_required

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

UPLOAD_DIRECTORY = "gias-imports"
UPLOAD_LIFETIME = datetime.timedelta(hours=12)
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")
SESSION_PREFIX = "gias_import:"


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
    token: str
    path: Path
    trust_name: str


@permission_required("schools.import_gias")
def gias_import(request):
    if request.method != "POST":
        form = GiasUploadForm(initial={"trust_name": settings.TRUST_NAME})
        return render(request, "schools/gias_import.html", {"form": form})
    form = GiasUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "schools/gias_import.html", {"form": form})

    _remove_expired_uploads()
    token = _store_upload(form.cleaned_data["file"])
    request.session[SESSION_PREFIX + token] = form.cleaned_data["trust_name"]
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
    _discard(request, upload)
    messages.success(request, f"Import from GIAS finished: {gias_plan_summary(plan)}.")
    return redirect("schools:list")


def _directory():
    return Path(settings.MEDIA_ROOT) / UPLOAD_DIRECTORY


def _store_upload(data):
    directory = _directory()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    with open(directory / f"{token}.csv", "xb") as file:
        file.write(data)
    return token


def _stored_upload(request, token):
    """The upload this session made under this token, else 404."""
    trust_name = request.session.get(SESSION_PREFIX + token)
    if not TOKEN_PATTERN.fullmatch(token) or trust_name is None:
        raise Http404("No such import.")
    path = _directory() / f"{token}.csv"
    if not path.is_file() or _is_expired(path):
        raise Http404("This import has expired. Please upload the file again.")
    return StoredUpload(token, path, trust_name)


def _is_expired(path):
    return time.time() - path.stat().st_mtime > UPLOAD_LIFETIME.total_seconds()


def _remove_expired_uploads():
    # Previews that were never applied would otherwise stay on disk for good.
    for path in _directory().glob("*.csv"):
        if _is_expired(path):
            path.unlink(missing_ok=True)


def _discard(request, upload):
    upload.path.unlink(missing_ok=True)
    request.session.pop(SESSION_PREFIX + upload.token, None)
