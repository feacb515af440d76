from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from .home import home
from .views import ThaiLogoutView, health, moved_admin_page

admin.site.site_header = "ระบบเครือข่ายองค์กรประชาชนจังหวัดสงขลา"
admin.site.site_title = "ผู้ดูแลระบบเครือข่าย"
admin.site.index_title = "จัดการข้อมูลเครือข่าย"

# The admin pages of models that changed app (issue 15), at their old addresses:
# (old app, model) → its app now. The catalogue left purchasing (`transactions`; reference
# prices have no admin page of their own); rosters, registry imports and baseline profiles
# left members.
MOVED_ADMIN_PAGES = {
    ("transactions", "product"): "catalogue",
    ("transactions", "partner"): "catalogue",
    ("transactions", "support"): "catalogue",
    ("transactions", "productinterest"): "catalogue",
    ("members", "roster"): "rosters",
    ("members", "rosterevent"): "rosters",
    ("members", "nationalidview"): "rosters",
    ("members", "registryimport"): "registry",
    ("members", "baselineprofile"): "baseline",
    ("members", "organizationlink"): "baseline",
}

urlpatterns = [
    # What waits for the signed-in user, whatever their role (songkhla_network/home.py).
    path("", home, name="home"),
    path("network/", include("centers.overview.urls")),
    path("network/", include("centers.applications.urls")),
    path("network/", include("members.organizations.urls")),
    path("network/", include("members.rosters.urls")),
    path("network/", include("members.registry.urls")),
    path("network/", include("members.baseline.urls")),
    path("purchases/", include("transactions.catalogue.urls")),
    path("purchases/", include("transactions.purchases.urls")),
    path("meetings/", include("meetings.urls")),
    path("reports/", include("reports.urls")),
    path("notifications/", include("notifications.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", ThaiLogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    *(
        re_path(
            rf"^admin/{old_app}/(?P<model>{model})/(?P<rest>.*)$",
            moved_admin_page,
            {"app_label": app_label},
        )
        for (old_app, model), app_label in MOVED_ADMIN_PAGES.items()
    ),
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
]
