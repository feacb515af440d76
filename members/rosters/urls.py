from django.urls import path

from . import views

ROSTER = "organizations/<uuid:public_id>/roster/"

urlpatterns = [
    path("rosters/", views.roster_overview, name="roster_overview"),
    path("rosters/template.xlsx", views.roster_template_xlsx, name="roster_template_xlsx"),
    path("rosters/template.csv", views.roster_template_csv, name="roster_template_csv"),
    path(ROSTER, views.roster_detail, name="roster_detail"),
    path(f"{ROSTER}upload/", views.roster_upload, name="roster_upload"),
    path(f"{ROSTER}members/", views.roster_member_add, name="roster_member_add"),
    path(f"{ROSTER}members/<int:pk>/", views.roster_member_edit, name="roster_member_edit"),
    path(
        f"{ROSTER}members/<int:pk>/national-id/",
        views.roster_member_national_id,
        name="roster_member_national_id",
    ),
    path(
        f"{ROSTER}members/<int:pk>/remove/",
        views.roster_member_remove,
        name="roster_member_remove",
    ),
    # Last: "upload" and "members" above are not workflow steps.
    path(f"{ROSTER}<str:action>/", views.roster_transition, name="roster_transition"),
]
