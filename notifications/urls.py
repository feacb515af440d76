from django.urls import path

from . import views

urlpatterns = [
    path("", views.inbox, name="notification_inbox"),
    path("<int:pk>/", views.notification_open, name="notification_open"),
    path("read-all/", views.read_all, name="notification_read_all"),
    path("preferences/", views.preferences, name="notification_preferences"),
]
