from django.urls import path

from . import views

app_name = "solicitation"

urlpatterns = [
    path("opinions/new/", views.opinion_create, name="opinion_create"),
    path("opinions/<int:pk>/receipt/", views.opinion_receipt, name="opinion_receipt"),
    path("opinions/<int:pk>/similar/", views.opinion_similar, name="opinion_similar"),
    path("opinions/<int:pk>/reject/", views.opinion_reject, name="opinion_reject"),
    path("opinions/import/", views.opinion_import, name="opinion_import"),
    path("opinions/import/template.xlsx", views.import_template, name="import_template"),
    path("opinions/import/<int:pk>/", views.import_job, name="import_job"),
    path("workbench/", views.workbench, name="workbench"),
    path("workbench/merge/", views.workbench_merge, name="workbench_merge"),
    path("problems/", views.problem_list, name="problem_list"),
    path("problems/ledger.xlsx", views.problem_ledger_export, name="problem_ledger_export"),
    path("problems/<int:pk>/classify/", views.problem_classify, name="problem_classify"),
    path("problems/<int:pk>/carry-over/", views.problem_carry_over, name="problem_carry_over"),
    path("records/", views.solicitation_list, name="solicitation_list"),
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/status/<slug:status>/", views.round_status, name="round_status"),
    path("categories/", views.category_list, name="category_list"),
    path("categories/<int:pk>/edit/", views.category_update, name="category_update"),
    path("categories/<int:pk>/move/", views.category_move, name="category_move"),
    path("categories/<int:pk>/active/", views.category_set_active, name="category_set_active"),
    path("categories/<int:pk>/delete/", views.category_delete, name="category_delete"),
]
