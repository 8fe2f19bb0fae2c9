"""How the API answers errors: 400 with field messages, 403 with the reason, 409 for a step
that is not possible now, with the reason (which condition failed)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django_fsm import ConcurrentTransition, TransitionNotAllowed
from rest_framework import status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler

from reviewcycle.services.errors import TransitionBlocked


def api_exception_handler(exc, context):
    if isinstance(exc, TransitionBlocked):
        return Response(
            {"detail": " ".join(exc.messages), "code": "conditions_not_met", "conditions": exc.messages},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, ConcurrentTransition):
        return Response(
            {
                "detail": "Someone else changed this review at the same moment; reload and try again.",
                "code": "concurrent_change",
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, TransitionNotAllowed):
        return Response({"detail": str(exc), "code": "not_possible_now"}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        body = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoPermissionDenied) and str(exc):
        return Response({"detail": str(exc), "code": "permission_denied"}, status=status.HTTP_403_FORBIDDEN)
    return exception_handler(exc, context)


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
