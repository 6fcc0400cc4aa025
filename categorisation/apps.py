from django.apps import AppConfig


class CategorisationConfig(AppConfig):
    name = "categorisation"
    verbose_name = "Categorisation"

    def ready(self):
        from schools.profile import profile_tab_register

        profile_tab_register(
            label="Tier",
            url_name="categorisation:school_tier",
            position=5,
            also_current=("categorisation:decision_create",),
        )
