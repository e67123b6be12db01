from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("", views.request_list, name="request_list"),
    path("new/", views.request_create, name="request_create"),
    path("ledger/", views.ledger, name="ledger"),
    path("export.xlsx", views.export, name="export"),
    path("<int:pk>/", views.request_detail, name="request_detail"),
    path("<int:pk>/admit/", views.request_admit, name="request_admit"),
    path("<int:pk>/refuse/", views.request_refuse, name="request_refuse"),
    path("<int:pk>/pay/", views.payment_create, name="payment_create"),
    path("payments/<int:pk>/voucher/", views.payment_voucher, name="payment_voucher"),
]
