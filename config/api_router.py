"""Every ``/api/v1/`` route, collected from the apps."""

from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import SimpleRouter

from frameworks.apis import FrameworkViewSet

app_name = "api"

router = SimpleRouter()
router.register("frameworks", FrameworkViewSet, basename="framework")

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="auth-token"),
    *router.urls,
]
