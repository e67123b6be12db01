from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("streets/", views.street_list, name="street_list"),
    path("communities/", views.community_list, name="community_list"),
    path("units/", views.unit_list, name="unit_list"),
    path("party-organizations/", views.party_organization_list, name="party_organization_list"),
    path("cadres/", views.cadre_list, name="cadre_list"),
    path("<slug:slug>/new/", views.record_add, name="add"),
    path("<slug:slug>/import/", views.record_import, name="import"),
    path("<slug:slug>/import/template.xlsx", views.import_template, name="import_template"),
    path("<slug:slug>/<str:pk>/edit/", views.record_edit, name="edit"),
    path("<slug:slug>/<str:pk>/retire/", views.record_retire, name="retire"),
    path("<slug:slug>/<str:pk>/restore/", views.record_restore, name="restore"),
]
