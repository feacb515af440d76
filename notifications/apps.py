from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "การแจ้งเตือน"
    default_auto_field = "django.db.models.BigAutoField"
