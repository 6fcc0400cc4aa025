from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role

urn_validator = RegexValidator(r"^\d{6}$", "A URN is a six-digit number.")


class Phase(models.TextChoices):
    NURSERY = "nursery", "Nursery"
    PRIMARY = "primary", "Primary"
    MIDDLE_PRIMARY = "middle_primary", "Middle deemed primary"
    SECONDARY = "secondary", "Secondary"
    MIDDLE_SECONDARY = "middle_secondary", "Middle deemed secondary"
    SIXTEEN_PLUS = "sixteen_plus", "16 plus"
    ALL_THROUGH = "all_through", "All-through"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class SchoolStatus(models.TextChoices):
    JOINING = "joining", "Joining"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class SchoolQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=SchoolStatus.OPEN)

    def visible_to(self, user):
        """The schools this user may see: all of them for trust-wide readers,
        otherwise those where they hold a current school role or a reviewer's
        current assignment."""
        from accounts.access import access_of

        access = access_of(user)
        if access.sees_all_schools or getattr(user, "is_superuser", False):
            return self
        return self.filter(pk__in=sorted(access.visible_school_ids))


class School(models.Model):
    urn = models.CharField("URN", max_length=6, unique=True, validators=[urn_validator])
    name = models.CharField(max_length=200)
    phase = models.CharField(max_length=20, choices=Phase.choices)
    establishment_type = models.CharField("type", max_length=120)
    local_authority = models.CharField(max_length=120)
    la_code = models.CharField("LA code", max_length=3, blank=True)
    establishment_number = models.CharField(max_length=4, blank=True)
    ukprn = models.CharField("UKPRN", max_length=8, blank=True)
    street = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    website = models.URLField(max_length=300, blank=True)
    number_of_pupils = models.PositiveIntegerField(null=True, blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    statutory_low_age = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(25)]
    )
    statutory_high_age = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(25)]
    )
    percentage_fsm = models.DecimalField(
        "pupils eligible for free school meals (%)",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    opened_on = models.DateField(null=True, blank=True)
    joined_trust_on = models.DateField("date joined the trust", null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=SchoolStatus.choices, default=SchoolStatus.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SchoolQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = [("import_gias", "Can import schools from GIAS")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("schools:detail", kwargs={"urn": self.urn})

    def clean(self):
        low, high = self.statutory_low_age, self.statutory_high_age
        if low is not None and high is not None and low > high:
            raise ValidationError(
                {"statutory_high_age": "The upper age must not be below the lower age."}
            )
        if self.status == SchoolStatus.CLOSED and not self.closed_on:
            raise ValidationError(
                {"closed_on": "A closed school needs a closing date."}
            )

    @property
    def age_range(self):
        if self.statutory_low_age is None or self.statutory_high_age is None:
            return ""
        return f"{self.statutory_low_age}–{self.statutory_high_age}"

    @property
    def address(self):
        return ", ".join(
            part for part in (self.street, self.town, self.postcode) if part
        )

    @property
    def laestab(self):
        if self.la_code and self.establishment_number:
            return f"{self.la_code}{self.establishment_number}"
        return ""

    def current_memberships(self, role):
        return [
            membership
            for membership in self.memberships.all()
            if membership.role == role and membership.ended_at is None
        ]

    @property
    def headteachers(self):
        """Current headteachers. Uses prefetched memberships where present."""
        return [m.user for m in self.current_memberships(Role.HEADTEACHER)]


class ImprovementAreaQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class ImprovementArea(models.Model):
    """One vocabulary of improvement areas shared by visits, focus days, plans
    and strengths, so a concern at one school can be matched to a strength at
    another."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(
        default=True, help_text="Retired areas stay on old records but are not offered."
    )

    objects = ImprovementAreaQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class AcademicYearQuerySet(models.QuerySet):
    def containing(self, day):
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class AcademicYear(models.Model):
    """1 September to 31 August, shown as 2025/26."""

    start_year = models.PositiveSmallIntegerField(
        unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    updated_at = models.DateTimeField(auto_now=True)

    objects = AcademicYearQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("schools:calendar_year", kwargs={"start_year": self.start_year})

    @property
    def name(self):
        return academic_year_name(self.start_year)


def academic_year_name(start_year):
    return f"{start_year}/{(start_year + 1) % 100:02d}"


class TermName(models.TextChoices):
    AUTUMN = "autumn", "Autumn"
    SPRING = "spring", "Spring"
    SUMMER = "summer", "Summer"


TERM_ORDER = [TermName.AUTUMN, TermName.SPRING, TermName.SUMMER]


class Term(models.Model):
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.CASCADE, related_name="terms"
    )
    name = models.CharField(max_length=10, choices=TermName.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["academic_year", "name"], name="term_unique_in_year"
            ),
            models.CheckConstraint(
                condition=models.Q(starts_on__lte=models.F("ends_on")),
                name="term_starts_before_it_ends",
            ),
        ]

    def __str__(self):
        return f"{self.get_name_display()} {self.academic_year.name}"


class HalfTerm(models.Model):
    """Numbered 1 to 6 through the year: autumn 1 is 1, summer 2 is 6."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="half_terms")
    number = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="half_term_unique"),
            models.CheckConstraint(
                condition=models.Q(starts_on__lte=models.F("ends_on")),
                name="half_term_starts_before_it_ends",
            ),
        ]

    def __str__(self):
        half = 1 if self.number % 2 else 2
        return f"{self.term.get_name_display()} {half} {self.term.academic_year.name}"
