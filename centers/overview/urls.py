from django.urls import path

from . import views

urlpatterns = [
    path("", views.network_home, name="network_home"),
    path("districts/<str:district_code>/", views.center_detail, name="center_detail"),
]
