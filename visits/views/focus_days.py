"""Focus-day pages: the school's tab, the request, the schedule, the report,
and the trust's list. Each reaches the focus day through `_focus_day_for`,
which answers 404 to people who cannot see the school."""

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts.access import (
    access_of,
    permission_required,
    require_object_permission,
    signed_in,
)
from categorisation.selectors import current_tiers
from pvat.forms import form_service_call
from pvat.lists import csv_response, wants_csv
from schools.access import school_for_user
from schools.models import academic_year_name

from .. import focus_days as services
from ..focus_day_report import focus_day_report_context, strengths_elsewhere
from ..forms_focus_days import (
    FocusDayReportForm,
    FocusDayRequestForm,
    FocusDayScheduleForm,
    FocusDayWithdrawForm,
    finding_formset,
)
from ..models import FocusDay, FocusDayStatus


def _focus_day_for(user, urn, focus_day_pk, *, permission=None):
    school = school_for_user(user, urn, permission="visits.view_visits")
    focus_day = get_object_or_404(
        FocusDay.objects.select_related(
            "school", "area", "reviewer", "requested_by", "scheduled_by", "issued_by"
        ),
        school=school,
        pk=focus_day_pk,
    )
    if permission:
        require_object_permission(user, permission, focus_day)
    return focus_day


def _request_years(school):
    """Each academic year a request could be for now, with whether the
    school may ask for it (and why not)."""
    return [
        {
            "name": academic_year_name(year),
            "eligibility": services.focus_day_eligibility(school, academic_year=year),
        }
        for year in services.focus_day_request_years()
    ]


@signed_in
def school_focus_days(request, urn):
    school = school_for_user(request.user, urn, permission="visits.view_visits")
    focus_days = list(
        school.focus_days.select_related("area", "reviewer").order_by(
            "-academic_year", "-requested_at"
        )
    )
    context = {
        "school": school,
        "focus_days": focus_days,
        "years": _request_years(school),
        "can_request": request.user.has_perm("visits.request_focus_day", school),
    }
    return render(request, "visits/school_focus_days.html", context)


@signed_in
def request_focus_day(request, urn):
    school = school_for_user(request.user, urn, permission="visits.request_focus_day")
    years = _request_years(school)
    open_years = [year for year in years if year["eligibility"].allowed]
    form = None
    if open_years:
        form = FocusDayRequestForm(request.POST or None)
    if form and request.method == "POST" and form.is_valid():
        focus_day = form_service_call(
            form,
            services.focus_day_request,
            school=school,
            requested_by=request.user,
            **form.cleaned_data,
        )
        if focus_day:
            messages.success(
                request,
                "Your focus day request was sent. The trust will name a "
                "reviewer and confirm the date.",
            )
            return redirect(focus_day)
    context = {
        "school": school,
        "form": form,
        "years": years,
        "open_year_names": " or ".join(year["name"] for year in open_years),
    }
    return render(request, "visits/focus_day_request.html", context)


@signed_in
def focus_day_detail(request, urn, focus_day_pk):
    focus_day = _focus_day_for(request.user, urn, focus_day_pk)
    user = request.user
    can_read_report = user.has_perm("visits.view_focus_day_report", focus_day)
    can_write = focus_day.status == FocusDayStatus.SCHEDULED and user.has_perm(
        "visits.write_focus_day_report", focus_day
    )
    context = {
        # The report's own context first: the page's names win.
        **(focus_day_report_context(focus_day) if can_read_report else {}),
        "school": focus_day.school,
        "focus_day": focus_day,
        "can_schedule": focus_day.status
        in (FocusDayStatus.REQUESTED, FocusDayStatus.SCHEDULED)
        and user.has_perm("visits.schedule_focus_day", focus_day),
        "can_write": can_write,
        "can_withdraw": focus_day.status
        in (FocusDayStatus.REQUESTED, FocusDayStatus.SCHEDULED)
        and user.has_perm("visits.withdraw_focus_day", focus_day),
        "can_read_report": can_read_report,
        "rendering": services.focus_day_latest_rendering(focus_day)
        if focus_day.is_issued and can_read_report
        else None,
    }
    # It names other schools, so only for those who see every school.
    if context.get("development_points") and access_of(user).sees_all_schools:
        context["strengths_elsewhere"] = strengths_elsewhere(
            focus_day, context["development_points"]
        )
    return render(request, "visits/focus_day_detail.html", context)


@signed_in
def schedule(request, urn, focus_day_pk):
    focus_day = _focus_day_for(
        request.user, urn, focus_day_pk, permission="visits.schedule_focus_day"
    )
    form = None
    if focus_day.status in (FocusDayStatus.REQUESTED, FocusDayStatus.SCHEDULED):
        form = FocusDayScheduleForm(
            request.POST or None,
            focus_day=focus_day,
            reviewer_choices=services.reviewer_choices(including=focus_day.reviewer_id),
        )
    if form and request.method == "POST" and form.is_valid():
        scheduled = form_service_call(
            form,
            services.focus_day_schedule,
            focus_day=focus_day,
            reviewer=form.cleaned_data["reviewer"],
            scheduled_on=form.cleaned_data["scheduled_on"],
            scheduled_by=request.user,
            is_current=form.is_current,
        )
        if scheduled:
            messages.success(
                request,
                "The focus day is scheduled. The reviewer and the headteacher "
                "have been told.",
            )
            return redirect(scheduled)
    context = {"school": focus_day.school, "focus_day": focus_day, "form": form}
    return render(request, "visits/focus_day_schedule.html", context)


@signed_in
def report(request, urn, focus_day_pk):
    """The reviewer's draft: save it as often as needed, then issue it."""
    focus_day = _focus_day_for(
        request.user, urn, focus_day_pk, permission="visits.write_focus_day_report"
    )
    if focus_day.status != FocusDayStatus.SCHEDULED:
        messages.info(
            request,
            f"This focus day is {focus_day.get_status_display().lower()}: its "
            "report can no longer be changed.",
        )
        return redirect(focus_day)
    data = request.POST if request.method == "POST" else None
    form = FocusDayReportForm(data, focus_day=focus_day)
    findings = finding_formset(data, focus_day=focus_day)
    issue_problems, confirming = [], False
    if data is not None and form.is_valid() and findings.is_valid():
        saved = form_service_call(
            form,
            services.focus_day_report_save,
            focus_day=focus_day,
            summary=form.cleaned_data["summary"],
            activities=form.activities(),
            findings=findings.findings(),
            saved_by=request.user,
            is_current=form.is_current,
        )
        if saved:
            _draft_token_keep(request, saved)
        wants_issue = "issue" in request.POST or "issue_confirmed" in request.POST
        if saved and not wants_issue:
            messages.success(request, "The draft report was saved.")
            return redirect("visits:focus_day_report", urn=urn, focus_day_pk=saved.pk)
        if saved and "issue_confirmed" in request.POST:
            rendering = _issue(saved, request.user)
            if rendering:
                messages.success(request, "The report is issued to the school.")
                return redirect("reports:status", rendering_pk=rendering.pk)
        if saved:
            # Issuing is final: the draft is saved, and the page asks once
            # more (or says what is missing) before the school is sent it.
            issue_problems = services.issue_problems(saved)
            confirming = not issue_problems
            form.version_adopt(saved)
    context = {
        "school": focus_day.school,
        "focus_day": focus_day,
        "form": form,
        "findings": findings,
        "issue_problems": issue_problems,
        "confirming": confirming,
        "can_issue_today": focus_day.scheduled_on <= timezone.localdate(),
        "saved_token": request.session.get(_draft_token_key(focus_day), ""),
    }
    return render(request, "visits/focus_day_report_form.html", context)


# The token static/js/keep-draft.js sends with each save: random hex, no
# longer than this, or it is not kept.
DRAFT_TOKEN = re.compile(r"[0-9a-f]{16,64}")


def _draft_token_key(focus_day):
    return f"focus_day_report_draft_token_{focus_day.pk}"


def _draft_token_keep(request, focus_day):
    """Keep the token of the save that arrived, for the report's next page
    to show: the device then forgets its draft even when the page that
    answered this save was lost on the way. It stays until the next save,
    not only for one page, for that reason."""
    token = request.POST.get("draft_token", "")
    if DRAFT_TOKEN.fullmatch(token):
        request.session[_draft_token_key(focus_day)] = token


def _issue(focus_day, user):
    try:
        return services.focus_day_issue(focus_day=focus_day, issued_by=user)
    except ValidationError:
        # The draft is saved; the page lists what is missing.
        return None


@signed_in
def withdraw(request, urn, focus_day_pk):
    focus_day = _focus_day_for(
        request.user, urn, focus_day_pk, permission="visits.withdraw_focus_day"
    )
    form = FocusDayWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        withdrawn = form_service_call(
            form,
            services.focus_day_withdraw,
            focus_day=focus_day,
            reason=form.cleaned_data["reason"],
            withdrawn_by=request.user,
        )
        if withdrawn:
            messages.success(request, "The focus day was withdrawn.")
            return redirect(withdrawn)
    context = {"school": focus_day.school, "focus_day": focus_day, "form": form}
    return render(request, "visits/focus_day_withdraw.html", context)


@permission_required("visits.view_focus_days")
def focus_day_list(request):
    """The trust's focus days for a year: everyone's for those who see
    every school; for a reviewer, their own at the schools they still see
    (not withdrawn ones, nor past years' once that access has ended)."""
    years = _years(request)
    focus_days = FocusDay.objects.filter(academic_year=years["selected"])
    access = access_of(request.user)
    if not access.sees_all_schools:
        focus_days = focus_days.assigned_to(request.user).filter(
            school_id__in=access.visible_school_ids
        )
    status = request.GET.get("status", "")
    if status in FocusDayStatus.values:
        focus_days = focus_days.filter(status=status)
    elif status == "waiting":
        focus_days = focus_days.filter(
            Q(status=FocusDayStatus.REQUESTED) | Q(status=FocusDayStatus.SCHEDULED)
        )
    focus_days = list(
        focus_days.select_related("school", "area", "reviewer").order_by(
            F("scheduled_on").asc(nulls_first=True), "requested_at", "school__name"
        )
    )
    tiers = current_tiers([focus_day.school for focus_day in focus_days])
    rows = [(focus_day, tiers[focus_day.school_id]) for focus_day in focus_days]
    if wants_csv(request):
        return _csv(rows, years["selected"])
    context = {
        "rows": rows,
        "years": years,
        "status": status,
        "statuses": FocusDayStatus.choices,
        "query": request.GET.urlencode(),
        "is_own_only": not access_of(request.user).sees_all_schools,
    }
    return render(request, "visits/focus_day_list.html", context)


def _years(request):
    current = services.focus_day_year()
    choices = [current + 1, current, current - 1, current - 2]
    try:
        selected = int(request.GET.get("year", current))
    except ValueError:
        selected = current
    if selected not in choices:
        selected = current
    return {
        "selected": selected,
        "choices": [(year, academic_year_name(year)) for year in choices],
    }


def _csv(rows, year):
    header = [
        "URN",
        "School",
        "Tier",
        "Area",
        "Status",
        "Requested on",
        "Proposed dates",
        "Reviewer",
        "Date",
    ]
    body = [
        [
            focus_day.school.urn,
            focus_day.school.name,
            decision.tier if decision else "",
            focus_day.area.name,
            focus_day.get_status_display(),
            timezone.localdate(focus_day.requested_at).isoformat(),
            "; ".join(day.isoformat() for day in focus_day.proposed_dates),
            focus_day.reviewer.full_name if focus_day.reviewer else "",
            focus_day.scheduled_on.isoformat() if focus_day.scheduled_on else "",
        ]
        for focus_day, decision in rows
    ]
    name = academic_year_name(year).replace("/", "-")
    return csv_response(f"focus-days-{name}.csv", header, body)
