import django_filters
from django import forms
from django.db.models import Q

from .models import User
from .roles import Role


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name or email")
    role = django_filters.ChoiceFilter(
        choices=Role.choices, method="with_role", label="Role", empty_label="Any role"
    )
    is_active = django_filters.BooleanFilter(
        label="Status",
        widget=forms.Select(
            choices=[("", "Any status"), ("true", "Active"), ("false", "Deactivated")]
        ),
    )
    ordering = django_filters.OrderingFilter(
        fields=(("full_name", "name"), ("email", "email"), ("date_joined", "joined")),
        field_labels={"full_name": "Name", "email": "Email", "date_joined": "Joined"},
        label="Sort by",
        empty_label="Default order",
    )

    class Meta:
        model = User
        fields = ["q", "role", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(full_name__icontains=value) | Q(email__icontains=value)
        )

    def with_role(self, queryset, name, value):
        return queryset.filter(
            memberships__role=value, memberships__ended_at__isnull=True
        ).distinct()
