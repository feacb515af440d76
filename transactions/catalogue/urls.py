from django.urls import path, re_path

from . import views

# Under /purchases/, where the catalogue page has always been.
urlpatterns = [
    path("catalogue/", views.catalogue, name="purchase_catalogue"),
]

# Under /admin/transactions/, where the catalogue's admin pages were before issue 15.
admin_redirects = [
    re_path(
        rf"^(?P<model>{'|'.join(views.MOVED_ADMIN_MODELS)})/(?P<rest>.*)$",
        views.moved_admin_page,
    ),
]
