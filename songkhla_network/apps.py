from django.apps import AppConfig


class SongkhlaNetworkConfig(AppConfig):
    name = "songkhla_network"
    verbose_name = "ระบบเครือข่าย"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .thai import use_buddhist_era_in_django_date_formats

        use_buddhist_era_in_django_date_formats()
