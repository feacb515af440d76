from django.urls import path

from . import views

urlpatterns = [
    path(
        "organizations/<uuid:public_id>/profile/",
        views.organization_profile,
        name="organization_profile",
    ),
]
