from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("import/", views.import_page, name="import"),
    path("import/<id:pk>/", views.import_status, name="import-status"),
]
