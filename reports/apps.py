from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self):
        # Registering the kinds here means every process that can render or
        # serve a document (web and worker alike) knows all of them.
        from . import kinds  # noqa: F401
