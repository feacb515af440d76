from django.urls import path

from . import views

urlpatterns = [
    path("imports/", views.registry_import, name="registry_import"),
    path("imports/template.xlsx", views.registry_template, name="registry_template"),
    path("imports/<int:pk>/", views.registry_import_detail, name="registry_import_detail"),
    path(
        "imports/<int:pk>/apply/",
        views.registry_import_apply,
        name="registry_import_apply",
    ),
    path(
        "imports/<int:pk>/discard/",
        views.registry_import_discard,
        name="registry_import_discard",
    ),
]
