from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from transactions.catalogue.urls import admin_redirects

from .home import home
from .views import ThaiLogoutView, health

admin.site.site_header = "ระบบเครือข่ายองค์กรประชาชนจังหวัดสงขลา"
admin.site.site_title = "ผู้ดูแลระบบเครือข่าย"
admin.site.index_title = "จัดการข้อมูลเครือข่าย"

urlpatterns = [
    # What waits for the signed-in user, whatever their role (songkhla_network/home.py).
    path("", home, name="home"),
    path("network/", include("centers.urls")),
    path("network/", include("members.urls")),
    path("network/", include("members.rosters.urls")),
    path("network/", include("members.registry.urls")),
    path("network/", include("members.baseline.urls")),
    path("purchases/", include("transactions.catalogue.urls")),
    path("purchases/", include("transactions.purchases.urls")),
    path("meetings/", include("meetings.urls")),
    path("reports/", include("reports.urls")),
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
    path("admin/transactions/", include(admin_redirects)),
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
]
