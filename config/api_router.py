"""Every ``/api/v1/`` route, collected from the apps."""

from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token

app_name = "api"

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="auth-token"),
]
