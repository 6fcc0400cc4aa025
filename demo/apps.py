from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo trust. It sits downstream of every other app, so it may seed
    any of them; nothing imports it."""

    name = "demo"
    verbose_name = "Demo trust"
