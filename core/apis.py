"""API views every app shares."""

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """Every other path under /api/ (config.urls routes them here, after the real ones): a JSON 404.

    Without it Django answers such a path itself: its HTML page when DEBUG is on, ``core.api.not_found``
    when it is off. As a DRF view it checks a session's CSRF token like every API view (403 first).
    """

    permission_classes = ()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise NotFound

    def options(self, request, *args, **kwargs):  # DRF's own OPTIONS answers 200 with metadata
        raise NotFound
