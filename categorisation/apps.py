from django.apps import AppConfig


class CategorisationConfig(AppConfig):
    name = "categorisation"
    verbose_name = "Categorisation"

    def ready(self):
        from schools.profile import profile_tab_register, school_column_register

        from .models import Tier, current_tier_subquery

        profile_tab_register(
            label="Tier",
            url_name="categorisation:school_tier",
            position=5,
            also_current=(
                "categorisation:decision_create",
                "categorisation:joining_review_create",
                "categorisation:joining_review",
            ),
        )
        school_column_register(
            name="current_tier",
            label="Tier",
            expression=current_tier_subquery,
            choices=Tier.choices,
        )
