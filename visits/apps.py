from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = "Visits"

    def ready(self):
        from categorisation.signals import tier_changed

        from . import receivers

        tier_changed.connect(receivers.tier_changed, dispatch_uid="visits-schedule")
        tier_changed.connect(
            receivers.tier_changed_focus_days, dispatch_uid="visits-focus-days"
        )

        from accounts.access import assignment_source_register

        from .focus_days import assigned_school_ids

        assignment_source_register(assigned_school_ids)

        from categorisation.support import ceo_visits_per_term_provider
        from schools.profile import profile_tab_register

        ceo_visits_per_term_provider(_ceo_visits_per_term)

        from pvat.home import home_panel_register

        from .home import visits_home

        home_panel_register(
            name="visits",
            template="visits/home_panel.html",
            position=10,
            context=visits_home,
        )

        profile_tab_register(
            label="Visits",
            url_name="visits:school_visits",
            position=20,
            also_current=("visits:detail", "visits:school_cadence"),
        )
        profile_tab_register(
            label="Focus days",
            url_name="visits:school_focus_days",
            position=25,
            also_current=(
                "visits:focus_day",
                "visits:focus_day_request",
                "visits:focus_day_schedule",
                "visits:focus_day_report",
                "visits:focus_day_withdraw",
            ),
        )


def _ceo_visits_per_term():
    from .models import VISITS_PER_TERM, TierCadence

    return {row.tier: VISITS_PER_TERM[row.cadence] for row in TierCadence.objects.all()}
