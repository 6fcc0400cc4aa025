import django_filters

from schools.models import academic_year_name

from .measures import MEASURES
from .models import NationalComparator

MEASURE_GROUPS = list(dict.fromkeys(measure.group for measure in MEASURES))


class ComparatorFilter(django_filters.FilterSet):
    group = django_filters.ChoiceFilter(
        label="Measure group",
        choices=[(group, group) for group in MEASURE_GROUPS],
        empty_label="Any group",
        method="in_group",
    )
    academic_year = django_filters.ChoiceFilter(
        label="Academic year", choices=[], empty_label="Any year"
    )

    class Meta:
        model = NationalComparator
        fields = ["group", "academic_year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = (
            NationalComparator.objects.order_by("-academic_year")
            .values_list("academic_year", flat=True)
            .distinct()
        )
        self.filters["academic_year"].extra["choices"] = [
            (year, academic_year_name(year)) for year in years
        ]

    def in_group(self, queryset, name, value):
        keys = [measure.key for measure in MEASURES if measure.group == value]
        return queryset.filter(measure__in=keys)
