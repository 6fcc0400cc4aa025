"""Writes to the evidence: records with their related rows, uploaded
documents and their scrutiny, and the national comparators."""

import logging
from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.db.models import Max

from schools.models import School

from .models import (
    DocumentKind,
    EvidenceDocument,
    InspectionGrade,
    SafeguardingStandard,
)

logger = logging.getLogger(__name__)

SAVED_MEANWHILE = (
    "Someone else saved the same record at the same moment, so nothing was "
    "saved. Check the list before saving again."
)


def evidence_record_save(*, form, school, user):
    """Save a valid record form of any source, with its related rows.

    For an edit (a VersionedFormMixin form) the record's row is locked and
    compared with the version the form was opened on; if someone saved in
    between, nothing is written, the form carries the message and None is
    returned. The same if the database refuses a duplicate that someone
    saved at the same moment. Otherwise the saved record is returned.
    """
    try:
        with _files_undone_on_error() as stored_files, transaction.atomic():
            if form.instance.pk and not _is_current(form):
                return None
            record = form.save(commit=False)
            record.school = school
            record.recorded_by = user
            _attach_report(record, form, user, stored_files)
            record.save()
            _save_related_rows(record, form)
    except IntegrityError:
        # Someone saved the same year, period or date between the form's
        # check and this write.
        form.add_error(None, SAVED_MEANWHILE)
        return None

    logger.info(
        "Evidence %s %s saved for school %s by user %s",
        record._meta.model_name,
        record.pk,
        school.pk,
        user.pk,
    )
    return record


def _is_current(form):
    model = type(form.instance)
    locked = model.objects.select_for_update().get(pk=form.instance.pk)
    return form.is_current(locked)


def _attach_report(record, form, user, stored_files):
    checked = form.cleaned_data.get("report_file")
    if checked:
        record.report = _document_store(
            school=record.school,
            kind=DocumentKind.SAFEGUARDING_REPORT,
            checked=checked,
            user=user,
            stored_files=stored_files,
        )


def _save_related_rows(record, form):
    if hasattr(form, "grades"):
        # Grades are replaced whole: after a date moves across 10 November
        # 2025 the old framework's grades must not stay beside the new ones.
        record.grades.all().delete()
        InspectionGrade.objects.bulk_create(
            InspectionGrade(inspection=record, area=area, grade=grade)
            for area, grade in form.grades()
        )
    if hasattr(form, "standard_ratings"):
        record.standards.all().delete()
        SafeguardingStandard.objects.bulk_create(
            SafeguardingStandard(audit=record, standard=standard, rating=rating)
            for standard, rating in form.standard_ratings()
        )


@contextmanager
def _files_undone_on_error():
    """Collects the names of files stored in the block. If the block fails,
    its rows are rolled back, so the files would be orphans: delete them."""
    stored_files = []
    try:
        yield stored_files
    except Exception:
        storage = EvidenceDocument._meta.get_field("file").storage
        for name in stored_files:
            storage.delete(name)
        raise


# Documents --------------------------------------------------------------------


def evidence_document_upload(*, school, kind, checked, user):
    """Store a checked upload (uploads.document_check) as the next version of
    the school's document of this kind. Earlier versions stay."""
    with _files_undone_on_error() as stored_files, transaction.atomic():
        document = _document_store(
            school=school,
            kind=kind,
            checked=checked,
            user=user,
            stored_files=stored_files,
        )

    logger.info(
        "Document %s (%s version %s) uploaded for school %s by user %s",
        document.pk,
        kind,
        document.version,
        school.pk,
        user.pk,
    )
    return document


def _document_store(*, school, kind, checked, user, stored_files):
    """Save the file and its row, adding the file's name to stored_files.

    Call inside a transaction: the school's row is locked so that two uploads
    at once never take the same version number. (SQLite ignores the lock but
    lets one writer in at a time; the unique constraint is the last guard.)
    """
    School.objects.select_for_update().get(pk=school.pk)
    latest = EvidenceDocument.objects.filter(school=school, kind=kind).aggregate(
        latest=Max("version")
    )["latest"]
    document = EvidenceDocument(
        school=school,
        kind=kind,
        version=(latest or 0) + 1,
        original_name=checked.original_name,
        content_type=checked.document_type.content_type,
        size=checked.size,
        sha256=checked.sha256,
        recorded_by=user,
    )
    document.file.save(checked.stored_name, checked.upload, save=False)
    stored_files.append(document.file.name)
    document.save()
    return document


def document_scrutiny_record(*, form, document, user):
    """Save the CEO's scrutiny of a SEF or SIP from a valid form."""
    scrutiny = form.save(commit=False)
    scrutiny.document = document
    scrutiny.scrutinised_by = user
    scrutiny.save()
    logger.info(
        "Scrutiny %s of document %s recorded by user %s",
        scrutiny.pk,
        document.pk,
        user.pk,
    )
    return scrutiny


# National comparators -----------------------------------------------------------


def comparator_save(*, form, user):
    """Save a valid comparator form. For an edit the row is locked and compared
    with the version the form was opened on; returns None, writing nothing,
    if someone saved in between or saved the same figure at the same moment
    (the form then carries the message)."""
    try:
        with transaction.atomic():
            if form.instance.pk and not _is_current(form):
                return None
            comparator = form.save()
    except IntegrityError:
        form.add_error(None, SAVED_MEANWHILE)
        return None

    logger.info("National comparator %s saved by user %s", comparator.pk, user.pk)
    return comparator
