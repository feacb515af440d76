from django.urls import path

from . import views

urlpatterns = [
    path("applications/", views.application_list, name="application_list"),
    path("applications/new/", views.application_create, name="application_create"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/decide/", views.application_decide, name="application_decide"),
    path("applications/<int:pk>/mou/", views.application_mou, name="application_mou"),
    path(
        "applications/<int:pk>/mou-scan/",
        views.application_mou_scan,
        name="application_mou_scan",
    ),
]
