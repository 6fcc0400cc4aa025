"""Writes that touch several rows: the academic calendar and the improvement
area vocabulary."""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from .calendar import calendar_check
from .models import AcademicYear, HalfTerm, ImprovementArea, Term, academic_year_name

logger = logging.getLogger(__name__)


def academic_year_create(*, start_year, dates, created_by=None):
    """Save a new academic year with its three terms and six half-terms.

    dates is a ProposedYear, from calendar_propose or an edited form. Raises
    ValidationError, writing nothing, if the dates fail calendar_check or the
    year already exists. created_by may be None when a command seeds the year.
    """
    _check_dates(start_year, dates)
    if AcademicYear.objects.filter(start_year=start_year).exists():
        raise _year_exists(start_year)
    try:
        with transaction.atomic():
            academic_year = AcademicYear.objects.create(
                start_year=start_year,
                starts_on=datetime.date(start_year, 9, 1),
                ends_on=datetime.date(start_year + 1, 8, 31),
            )
            _save_terms(academic_year, dates)
    except IntegrityError:
        # Another admin saved the same year between the check and the insert.
        raise _year_exists(start_year) from None

    logger.info(
        "Academic year %s (%s) created by user %s",
        academic_year.pk,
        start_year,
        getattr(created_by, "pk", None),
    )
    return academic_year


def academic_year_update(*, academic_year, dates, updated_by=None):
    """Replace the dates of an academic year's terms and half-terms in one
    transaction. Raises ValidationError, writing nothing, if the dates fail
    calendar_check."""
    _check_dates(academic_year.start_year, dates)

    with transaction.atomic():
        _save_terms(academic_year, dates)
        academic_year.save(update_fields=["updated_at"])

    logger.info(
        "Academic year %s dates updated by user %s",
        academic_year.pk,
        getattr(updated_by, "pk", None),
    )
    return academic_year


def _check_dates(start_year, dates):
    if dates.start_year != start_year:
        raise ValueError(f"Dates for {dates.start_year} given for {start_year}.")
    errors = calendar_check(dates)
    if errors:
        raise ValidationError(errors)


def _year_exists(start_year):
    return ValidationError(
        f"The academic year {academic_year_name(start_year)} already exists; "
        "change its dates instead.",
        code="exists",
    )


def _save_terms(academic_year, dates):
    # update_or_create rather than create, so that a year whose rows were
    # made elsewhere (the Django admin) is completed rather than refused.
    for term_dates in dates.terms:
        term, _ = Term.objects.update_or_create(
            academic_year=academic_year,
            name=term_dates.name,
            defaults={"starts_on": term_dates.starts_on, "ends_on": term_dates.ends_on},
        )
        for half_term_dates in term_dates.half_terms:
            HalfTerm.objects.update_or_create(
                term=term,
                number=half_term_dates.number,
                defaults={
                    "starts_on": half_term_dates.starts_on,
                    "ends_on": half_term_dates.ends_on,
                },
            )


def improvement_area_create(*, name, description="", position=0, created_by=None):
    """Add an area to the vocabulary with a unique slug made from its name.

    The slug is kept when the area is later renamed, so links stay valid.
    Raises ValidationError if the name is taken, whatever its case.
    """
    if ImprovementArea.objects.filter(name__iexact=name).exists():
        raise ValidationError(
            {"name": f"There is already an improvement area called “{name}”."}
        )
    area = ImprovementArea(
        name=name,
        slug=_unique_area_slug(name),
        description=description,
        position=position,
    )
    area.full_clean()
    area.save()

    logger.info(
        "Improvement area %s created by user %s",
        area.pk,
        getattr(created_by, "pk", None),
    )
    return area


def _unique_area_slug(name):
    max_length = ImprovementArea._meta.get_field("slug").max_length
    base = slugify(name)[: max_length - 4].strip("-") or "area"
    slug, suffix = base, 2
    while ImprovementArea.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug
