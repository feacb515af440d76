from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig


class SongkhlaNetworkConfig(AppConfig):
    name = "songkhla_network"
    verbose_name = "ระบบเครือข่าย"
    default = True  # apps.py also holds AxesConfig

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401  (registers the system checks)
        from .fields import use_thai_date_times_in_admin
        from .middleware import renewed_at_sign_in
        from .thai import use_buddhist_era_in_django_date_formats

        use_buddhist_era_in_django_date_formats()
        use_thai_date_times_in_admin()
        user_logged_in.connect(renewed_at_sign_in, dispatch_uid="session_renewed_at_sign_in")


class AxesConfig(AxesAppConfig):
    """django-axes with a Thai name (its own AppConfig has none, so admin and permission
    lists would print "Axes")."""

    verbose_name = "การป้องกันการเดารหัสผ่าน"
    default = False
