from django.urls import path

from . import views
from .network_map import views as network_map_views

urlpatterns = [
    path("", views.report_home, name="report_home"),
    path("dashboard/", views.dashboard, name="report_dashboard"),
    path("map/", network_map_views.network_map, name="network_map"),
    path("<str:key>/<int:be_year>/<int:month>/", views.center_report, name="center_report"),
    path("<str:key>/<int:be_year>/<int:month>/review/", views.report_review, name="report_review"),
    path("<str:key>/<int:be_year>/<int:month>/sign/", views.report_sign, name="report_sign"),
    path("<str:key>/<int:be_year>/<int:month>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<str:key>/<int:be_year>/<int:month>/report.xlsx", views.report_xlsx, name="report_xlsx"),
]
