from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = "Visits"

    def ready(self):
        from categorisation.signals import tier_changed

        from . import receivers

        tier_changed.connect(receivers.tier_changed, dispatch_uid="visits-schedule")

        from schools.profile import profile_tab_register

        profile_tab_register(
            label="Visits",
            url_name="visits:school_visits",
            position=20,
            also_current=("visits:detail", "visits:school_cadence"),
        )
