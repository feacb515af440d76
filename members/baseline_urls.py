from django.urls import path

from . import baseline_views

urlpatterns = [
    path("imports/", baseline_views.registry_import, name="registry_import"),
    path("imports/template.xlsx", baseline_views.registry_template, name="registry_template"),
    path("imports/<int:pk>/", baseline_views.registry_import_detail, name="registry_import_detail"),
    path(
        "imports/<int:pk>/apply/",
        baseline_views.registry_import_apply,
        name="registry_import_apply",
    ),
    path(
        "imports/<int:pk>/discard/",
        baseline_views.registry_import_discard,
        name="registry_import_discard",
    ),
    path(
        "organizations/<uuid:public_id>/profile/",
        baseline_views.organization_profile,
        name="organization_profile",
    ),
]
