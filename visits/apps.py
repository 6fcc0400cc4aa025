from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = "Visits"

    def ready(self):
        from categorisation.signals import tier_changed

        from . import receivers

        tier_changed.connect(receivers.tier_changed, dispatch_uid="visits-schedule")

        from categorisation.support import ceo_visits_per_term_provider
        from schools.profile import profile_tab_register

        ceo_visits_per_term_provider(_ceo_visits_per_term)

        profile_tab_register(
            label="Visits",
            url_name="visits:school_visits",
            position=20,
            also_current=("visits:detail", "visits:school_cadence"),
        )


def _ceo_visits_per_term():
    from .models import VISITS_PER_TERM, TierCadence

    return {row.tier: VISITS_PER_TERM[row.cadence] for row in TierCadence.objects.all()}
