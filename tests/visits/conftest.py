import datetime

import pytest
from django.utils import timezone

from visits.models import Visit


@pytest.fixture
def visit(school_a):
    """A planned monitoring visit to school A today, its window open ten
    days either side."""
    today = timezone.localdate()
    return Visit.objects.create(
        school=school_a,
        kind="monitoring",
        window_label="This half-term",
        window_starts_on=today - datetime.timedelta(days=10),
        window_ends_on=today + datetime.timedelta(days=10),
        planned_on=today,
    )
