from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.cycle_list, name="cycles"),
    path("cycles/<id:pk>/", views.dashboard, name="dashboard"),
    path("cycles/<id:pk>/dashboard.pdf", views.dashboard_pdf, name="dashboard-pdf"),
    path("cycles/<id:pk>/exports/", views.form_export_create, name="form-export-create"),
    path("exports/<id:pk>/", views.form_export_status, name="form-export"),
    path("objections.csv", views.objections_export, name="objections-export"),
]
