"""Support visits planned from each school's tier and the trust calendar.

The cadence per tier is trust configuration (TierCadence); the CEO may set a
school to be visited more often (SchoolCadence). Planned visits carry the
window they belong to (a term, a half-term or a school fortnight) and a
target date inside it. A tier decision replaces future planned visits; past
and completed ones are kept, and replaced ones are marked, never deleted.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

# One scale for quality judgements, whether recorded as evidence or at a visit.
from evidence.models import QualityJudgementLevel as QualityLevel
from schools.models import academic_year_name


class Cadence(models.TextChoices):
    TERMLY = "termly", "Each term"
    HALF_TERMLY = "half_termly", "Each half-term"
    FORTNIGHTLY = "fortnightly", "Every school fortnight"


# How often each cadence visits, most often first, so "more often" compares.
CADENCE_ORDER = [Cadence.FORTNIGHTLY, Cadence.HALF_TERMLY, Cadence.TERMLY]
# Visits in a term under each cadence: a term has two half-terms and about
# six school fortnights.
VISITS_PER_TERM = {Cadence.TERMLY: 1, Cadence.HALF_TERMLY: 2, Cadence.FORTNIGHTLY: 6}


class VisitKind(models.TextChoices):
    QUALITY_ASSURANCE = "quality_assurance", "Quality-assurance visit"
    MONITORING = "monitoring", "Monitoring visit"


class TierCadence(models.Model):
    """The CEO's visits a tier brings. One row per tier, edited by the admin."""

    tier = models.PositiveSmallIntegerField(
        unique=True, choices=[(1, "Tier 1"), (2, "Tier 2"), (3, "Tier 3")]
    )
    cadence = models.CharField(max_length=12, choices=Cadence.choices)
    visit_kind = models.CharField(max_length=20, choices=VisitKind.choices)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["tier"]

    def __str__(self):
        cadence = self.get_cadence_display().lower()
        return f"Tier {self.tier}: {self.get_visit_kind_display()} {cadence}"


class SchoolCadence(models.Model):
    """A school the CEO visits more often than its tier's cadence."""

    school = models.OneToOneField(
        "schools.School", on_delete=models.CASCADE, related_name="visit_cadence"
    )
    cadence = models.CharField(max_length=12, choices=Cadence.choices)
    reason = models.TextField()
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.school}: {self.get_cadence_display().lower()}"


class ReplanStatus(models.TextChoices):
    PENDING = "pending", "Waiting to start"
    RUNNING = "running", "Under way"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


# A re-plan still "under way" this long after it started has lost its worker.
REPLAN_STALLED_AFTER = datetime.timedelta(minutes=15)


class ScheduleReplan(models.Model):
    """The admin's re-plan of every open school's visits, run by a worker so
    that a large trust is not re-planned inside one web request. It counts
    its progress as it goes, for the cadences page to show."""

    status = models.CharField(
        max_length=10, choices=ReplanStatus.choices, default=ReplanStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    schools_total = models.PositiveIntegerField(default=0)
    schools_done = models.PositiveIntegerField(default=0)
    schools_without_tier = models.PositiveIntegerField(default=0)
    visits_created = models.PositiveIntegerField(default=0)
    visits_replaced = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, help_text="What the admin is told.")

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"Re-plan {self.pk}: {self.get_status_display()}"

    @property
    def is_in_progress(self):
        return self.status in (ReplanStatus.PENDING, ReplanStatus.RUNNING)

    @property
    def is_stalled(self):
        started = self.started_at or self.requested_at
        return self.is_in_progress and timezone.now() - started > REPLAN_STALLED_AFTER


class VisitStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    COMPLETED = "completed", "Completed"
    REPLACED = "replaced", "Replaced by a new schedule"
    CANCELLED = "cancelled", "Cancelled"


class VisitQuerySet(models.QuerySet):
    def planned(self):
        return self.filter(status=VisitStatus.PLANNED)

    def overdue(self, today=None):
        """Planned visits whose window has closed."""
        return self.planned().filter(window_ends_on__lt=today or timezone.localdate())

    def due_between(self, start, end):
        return self.planned().filter(planned_on__range=(start, end))


class Visit(models.Model):
    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="visits"
    )
    kind = models.CharField(max_length=20, choices=VisitKind.choices)
    cadence = models.CharField(max_length=12, choices=Cadence.choices, blank=True)
    window_label = models.CharField(max_length=100)
    window_starts_on = models.DateField()
    window_ends_on = models.DateField()
    planned_on = models.DateField("target date")
    status = models.CharField(
        max_length=10, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_visits",
    )
    tier = models.PositiveSmallIntegerField(null=True, blank=True)
    tier_decision = models.ForeignKey(
        "categorisation.TierDecision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["planned_on", "school__name"]
        indexes = [models.Index(fields=["status", "planned_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(window_starts_on__lte=models.F("planned_on"))
                & models.Q(planned_on__lte=models.F("window_ends_on")),
                name="visit_target_inside_window",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.window_label}"

    def get_absolute_url(self):
        return reverse(
            "visits:detail", kwargs={"urn": self.school.urn, "visit_pk": self.pk}
        )

    @classmethod
    def in_window(cls, window, **fields):
        """An unsaved visit for a window of visits.cadence, on its proposed
        target date unless `planned_on` is given."""
        return cls(
            window_label=window.label,
            window_starts_on=window.starts_on,
            window_ends_on=window.ends_on,
            **{"planned_on": window.planned_on, **fields},
        )

    def clean(self):
        if (
            self.planned_on
            and self.window_starts_on
            and not (self.window_starts_on <= self.planned_on <= self.window_ends_on)
        ):
            raise ValidationError(
                {"planned_on": "Choose a date inside the visit's window."}
            )


# Calendar feeds -----------------------------------------------------------------


class CalendarFeed(models.Model):
    """A person's secret calendar link.

    The token is the only secret: whoever holds the link reads that person's
    visits without signing in, so resetting the link replaces the token and
    the old link stops working at once. Lookups go through the unique index.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        # Never the token: this string may reach logs and the admin.
        return f"Calendar feed of user {self.user_id}"


# Visit notes --------------------------------------------------------------------


class NoteStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    COMPLETED = "completed", "Completed"


class VisitNote(models.Model):
    """What the CEO recorded at a visit. Saved as a draft while typed;
    completing it completes the visit."""

    visit = models.OneToOneField(Visit, on_delete=models.PROTECT, related_name="note")
    purpose = models.TextField(blank=True)
    focus_areas = models.ManyToManyField(
        "schools.ImprovementArea", blank=True, related_name="+"
    )
    latest_data = models.TextField("latest data", blank=True)
    improvement_priorities = models.TextField(blank=True)
    self_evaluation = models.TextField(blank=True)
    plan_progress = models.TextField("progress against the plan", blank=True)
    summary = models.TextField(
        blank=True, help_text="A short summary that governors can read."
    )
    is_shared_with_school = models.BooleanField(
        "share the note with the school", default=False
    )
    status = models.CharField(
        max_length=10, choices=NoteStatus.choices, default=NoteStatus.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Bumped on every save, so a draft sent from a second device (or after a
    # dropped connection) cannot silently overwrite a newer one.
    revision = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Note of {self.visit}"


class VisitJudgement(models.Model):
    note = models.ForeignKey(
        VisitNote, on_delete=models.CASCADE, related_name="judgements"
    )
    area = models.ForeignKey(
        "schools.ImprovementArea", on_delete=models.PROTECT, related_name="+"
    )
    judgement = models.CharField(max_length=20, choices=QualityLevel.choices)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["area__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["note", "area"], name="visit_judgement_unique_area"
            )
        ]

    def __str__(self):
        return f"{self.area}: {self.get_judgement_display()}"


class AgreedAction(models.Model):
    note = models.ForeignKey(
        VisitNote, on_delete=models.CASCADE, related_name="actions"
    )
    action = models.TextField()
    owner = models.CharField(max_length=200)
    due_on = models.DateField()
    is_done = models.BooleanField(default=False)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.action[:60]


# Reminders ----------------------------------------------------------------------


class ReminderSent(models.Model):
    """One reminder e-mail, kept so that each is sent once, however often the
    command or task runs."""

    kind = models.CharField(max_length=40)
    key = models.CharField(
        max_length=100, help_text="What the reminder is about, e.g. visit:12."
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key", "recipient"], name="reminder_sent_once"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.key}"


# Focus days ---------------------------------------------------------------------


class FocusDayStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    SCHEDULED = "scheduled", "Scheduled"
    ISSUED = "issued", "Report issued"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Statuses that hold the school's one focus day of the year.
FOCUS_DAY_HELD = [
    FocusDayStatus.REQUESTED,
    FocusDayStatus.SCHEDULED,
    FocusDayStatus.ISSUED,
]


class FocusDayActivityKind(models.TextChoices):
    LEADER_DISCUSSIONS = "leader_discussions", "Discussions with leaders"
    STAFF_DISCUSSIONS = "staff_discussions", "Discussions with staff"
    PUPILS_WORK = "pupils_work", "Pupils' work"
    LESSON_VISITS = "lesson_visits", "Lesson visits"
    PUPIL_VOICE = "pupil_voice", "Pupil voice"
    PARENTAL_VOICE = "parental_voice", "Parental voice"
    DATA_ANALYSIS = "data_analysis", "Data analysis"


class FocusDayQuerySet(models.QuerySet):
    def held(self):
        return self.filter(status__in=FOCUS_DAY_HELD)

    def assigned_to(self, user):
        return self.filter(reviewer=user).exclude(status=FocusDayStatus.WITHDRAWN)


class FocusDay(models.Model):
    """A Tier 1 or Tier 2 school's focus day for one academic year.

    The headteacher asks for it, naming the area and why, with dates that
    suit the school; the CEO or admin names a trust colleague to review it and
    fixes the date; the reviewer records the activities used and the
    strengths and development points found, then issues the report, which is
    rendered as a PDF. One per school per academic year; a withdrawn request
    (the school moved to Tier 3, or the trust called it off) frees the year.
    """

    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="focus_days"
    )
    academic_year = models.PositiveSmallIntegerField(
        help_text="The year the focus day belongs to, by its start year: 2026 "
        "is 2026/27."
    )
    area = models.ForeignKey(
        "schools.ImprovementArea",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="area to focus on",
    )
    reason = models.TextField("why this area")
    proposed_first_on = models.DateField("first choice of date")
    proposed_second_on = models.DateField("second choice", null=True, blank=True)
    proposed_third_on = models.DateField("third choice", null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)

    status = models.CharField(
        max_length=10, choices=FocusDayStatus.choices, default=FocusDayStatus.REQUESTED
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="focus_day_reviews",
    )
    scheduled_on = models.DateField("date of the focus day", null=True, blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    scheduled_at = models.DateTimeField(null=True, blank=True)

    summary = models.TextField(
        "overall summary",
        blank=True,
        help_text="What the day found, in a paragraph or two, for the headteacher "
        "and governors.",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FocusDayQuerySet.as_manager()

    class Meta:
        ordering = ["-academic_year", "school__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year"],
                condition=models.Q(status__in=FOCUS_DAY_HELD),
                name="focus_day_one_per_school_year",
            ),
            models.CheckConstraint(
                condition=models.Q(status=FocusDayStatus.REQUESTED)
                | models.Q(status=FocusDayStatus.WITHDRAWN)
                | (
                    models.Q(reviewer__isnull=False)
                    & models.Q(scheduled_on__isnull=False)
                ),
                name="focus_day_scheduled_has_reviewer_and_date",
            ),
        ]

    def __str__(self):
        return f"Focus day {self.academic_year_name}: {self.area}"

    def get_absolute_url(self):
        return reverse(
            "visits:focus_day",
            kwargs={"urn": self.school.urn, "focus_day_pk": self.pk},
        )

    @property
    def academic_year_name(self):
        return academic_year_name(self.academic_year)

    @property
    def proposed_dates(self):
        dates = [self.proposed_first_on, self.proposed_second_on]
        dates.append(self.proposed_third_on)
        return [day for day in dates if day]

    @property
    def is_issued(self):
        return self.status == FocusDayStatus.ISSUED


class FocusDayActivity(models.Model):
    """An activity the reviewer used on the day, with what it covered."""

    focus_day = models.ForeignKey(
        FocusDay, on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(max_length=20, choices=FocusDayActivityKind.choices)
    detail = models.CharField(
        max_length=300, blank=True, help_text="For example: Year 4 and Year 6 maths."
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["focus_day", "kind"], name="focus_day_activity_once"
            )
        ]

    def __str__(self):
        return self.get_kind_display()


class FindingKind(models.TextChoices):
    STRENGTH = "strength", "Strength"
    DEVELOPMENT_POINT = "development_point", "Development point"


class FocusDayFinding(models.Model):
    """A strength or a development point, tagged with an improvement area so
    that a development point here can be matched to a strength elsewhere."""

    focus_day = models.ForeignKey(
        FocusDay, on_delete=models.CASCADE, related_name="findings"
    )
    kind = models.CharField(max_length=20, choices=FindingKind.choices)
    area = models.ForeignKey(
        "schools.ImprovementArea", on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField()

    class Meta:
        ordering = ["kind", "area__position", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.area}"
