import django_filters
from django.db.models import Q

from .models import Phase, School, SchoolStatus
from .profile import school_columns


class SchoolFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name or URN")
    phase = django_filters.ChoiceFilter(choices=Phase.choices, empty_label="Any phase")
    local_authority = django_filters.ChoiceFilter(
        choices=[], empty_label="Any local authority"
    )
    status = django_filters.ChoiceFilter(
        choices=SchoolStatus.choices, empty_label="Any status"
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("urn", "urn"),
            ("local_authority", "local_authority"),
            ("number_of_pupils", "pupils"),
            ("joined_trust_on", "joined"),
        ),
        field_labels={
            "name": "Name",
            "urn": "URN",
            "local_authority": "Local authority",
            "number_of_pupils": "Pupils",
            "joined_trust_on": "Date joined",
        },
        label="Sort by",
        empty_label="Default order",
    )

    class Meta:
        model = School
        fields = ["q", "phase", "local_authority", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for column in school_columns():
            self.filters[column.name] = django_filters.ChoiceFilter(
                field_name=column.name,
                label=column.label,
                choices=column.choices,
                empty_label=f"Any {column.label.lower()}",
            )
        authorities = (
            self.queryset.order_by("local_authority")
            .values_list("local_authority", flat=True)
            .distinct()
        )
        self.filters["local_authority"].extra["choices"] = [
            (name, name) for name in authorities if name
        ]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(urn=value))
