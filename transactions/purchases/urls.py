from django.urls import path

from . import views

urlpatterns = [
    path("", views.round_list, name="purchase_round_list"),
    path("new/", views.round_create, name="purchase_round_create"),
    path("<int:pk>/", views.round_detail, name="purchase_round_detail"),
    path("<int:pk>/edit/", views.round_edit, name="purchase_round_edit"),
    path("<int:pk>/items/<int:item_pk>/tiers/", views.item_tiers, name="purchase_item_tiers"),
    path("<int:pk>/copy/", views.round_copy, name="purchase_round_copy"),
    path("<int:pk>/status/", views.round_transition, name="purchase_round_transition"),
    path("<int:pk>/districts/<str:code>/", views.order_entry, name="purchase_order_entry"),
    path("<int:pk>/districts/<str:code>/submit/", views.order_submit, name="purchase_order_submit"),
    path("<int:pk>/districts/<str:code>/return/", views.order_return, name="purchase_order_return"),
    path(
        "<int:pk>/districts/<str:code>/receiving/",
        views.district_receiving,
        name="purchase_district_receiving",
    ),
    path("<int:pk>/deliveries/", views.deliveries, name="purchase_deliveries"),
    path("<int:pk>/purchase-order.pdf", views.purchase_order_pdf, name="purchase_order_pdf"),
    path("<int:pk>/orders.xlsx", views.orders_xlsx, name="purchase_orders_xlsx"),
    path("<int:pk>/orders.csv", views.orders_csv, name="purchase_orders_csv"),
]
