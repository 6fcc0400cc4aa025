"""Importing evidence in the browser: templates, upload, preview, import.

As with the GIAS import, the uploaded file waits between the steps under
MEDIA_ROOT (never served), named by a random token that only the uploader's
session knows. The preview is a dry run; importing checks the file again
against the records as they are at that moment.
"""

import logging
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat

from accounts.access import permission_required
from pvat.staging import StagedFile, UploadStage
from schools.models import academic_year_name

from ..dfe import DFE_FILES, dfe_import
from ..importing import (
    FILE_FORMATS,
    evidence_import,
    file_format_of,
    importable_sources,
    template_file,
)
from ..importing.widgets import academic_year_from

logger = logging.getLogger(__name__)

STAGE = UploadStage("evidence-imports")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _labels():
    labels = {source.slug: source.label for source in importable_sources()}
    return labels | {slug: dfe_file.label for slug, dfe_file in DFE_FILES.items()}


class ImportUploadForm(forms.Form):
    source = forms.ChoiceField(
        label="Source",
        help_text="What the file holds.",
        error_messages={"required": "Choose what the file holds."},
    )
    file = forms.FileField(
        label="File",
        help_text="A CSV or XLSX file laid out as the template, or DfE's CSV "
        "file exactly as downloaded.",
        error_messages={"required": "Choose the file to upload."},
    )
    academic_year = forms.CharField(
        label="Academic year (DfE data only)",
        required=False,
        max_length=7,
        help_text="The year the DfE file reports, written 2024/25. Leave it "
        "blank for other files: their rows give their own years.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", "Choose…"), *_labels().items()]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"This file is larger than the {filesizeformat(limit)} allowed."
            )
        if file_format_of(upload.name) is None:
            raise forms.ValidationError("Choose a CSV or XLSX file.")
        return upload

    def clean(self):
        data = super().clean()
        source, upload = data.get("source"), data.get("file")
        if source in DFE_FILES:
            self._clean_dfe(data, upload)
        elif source and data.get("academic_year"):
            self.add_error(
                "academic_year",
                "Leave the year blank: only DfE files need one.",
            )
        return data

    def _clean_dfe(self, data, upload):
        if upload and file_format_of(upload.name) != "csv":
            self.add_error("file", "Choose DfE's CSV file as published.")
        if not data.get("academic_year"):
            self.add_error("academic_year", "Enter the year the DfE file reports.")
            return
        try:
            data["academic_year"] = academic_year_from(data["academic_year"])
        except ValueError as error:
            self.add_error("academic_year", str(error))


@dataclass(frozen=True)
class PendingImport:
    """An uploaded file waiting to be checked and imported."""

    staged: StagedFile
    source: str
    file_format: str
    academic_year: int | None
    name: str

    @property
    def label(self):
        return _labels()[self.source]

    @property
    def academic_year_name(self):
        return academic_year_name(self.academic_year) if self.academic_year else ""

    def run(self, user, *, dry_run):
        data = self.staged.path.read_bytes()
        if self.source in DFE_FILES:
            return dfe_import(
                source=self.source,
                data=data,
                academic_year=self.academic_year,
                recorded_by=user,
                dry_run=dry_run,
            )
        return evidence_import(
            source=self.source,
            data=data,
            file_format=self.file_format,
            recorded_by=user,
            dry_run=dry_run,
        )


@permission_required("evidence.import_evidence")
def import_start(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        token = _store(request, form.cleaned_data)
        return redirect("evidence:import_preview", token=token)
    context = {
        "form": form,
        "sources": importable_sources(),
        "dfe_files": DFE_FILES.values(),
    }
    return render(request, "evidence/import_start.html", context)


@permission_required("evidence.import_evidence")
def import_template(request, source, file_format):
    slugs = {source.slug for source in importable_sources()}
    if source not in slugs or file_format not in FILE_FORMATS:
        raise Http404("There is no such template.")
    response = HttpResponse(
        template_file(source, file_format), content_type=CONTENT_TYPES[file_format]
    )
    filename = f"{source}-template.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@permission_required("evidence.import_evidence")
def import_preview(request, token):
    pending = _pending(request, token)
    result = pending.run(request.user, dry_run=request.method != "POST")
    if request.method == "POST" and result.is_valid:
        STAGE.discard(request, pending.staged)
        messages.success(request, f"{pending.label} imported: {result.summary()}.")
        return redirect("evidence:import")
    context = {"pending": pending, "result": result}
    return render(request, "evidence/import_preview.html", context)


def _store(request, cleaned_data):
    """Keep the upload for this session; return its token."""
    upload = cleaned_data["file"]
    details = {
        "source": cleaned_data["source"],
        "academic_year": cleaned_data.get("academic_year") or None,
        "name": Path(upload.name).name[:200],
    }
    file_format = file_format_of(upload.name)
    token = STAGE.stage(request, upload.chunks(), suffix=file_format, details=details)
    logger.info(
        "Evidence file of %d bytes for %s uploaded by user %s",
        upload.size,
        cleaned_data["source"],
        request.user.pk,
    )
    return token


def _pending(request, token):
    staged = STAGE.get(request, token)
    file_format = staged.path.suffix.lstrip(".")
    return PendingImport(staged, file_format=file_format, **staged.details)
