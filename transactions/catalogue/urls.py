from django.urls import path

from . import views

# Under /purchases/, where the catalogue page has always been.
urlpatterns = [
    path("catalogue/", views.catalogue, name="purchase_catalogue"),
]
