"""How the API answers errors: 400 with field messages, 403 with the reason, 409 for a step
that is not possible now, with the reason (which condition failed); and its pagination.

DRF's settings load this module (``EXCEPTION_HANDLER``, ``DEFAULT_PAGINATION_CLASS``) while DRF itself
is still loading, so it imports no views: those are in ``core.apis``."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler

from core.errors import TransitionBlocked
from core.jobs import JobNotQueuedError
from core.query import validated_query


def api_exception_handler(exc, context):
    if isinstance(exc, Http404):
        # ``get_object_or_404``'s text names the model in English; a 404 says only that, as everywhere.
        return Response({"detail": gettext("Not found.")}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, JobNotQueuedError):
        return Response(
            {"detail": str(exc), "code": "service_unavailable"},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": "60"},
        )
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


MAX_PAGE_SIZE = 500


class Pagination(PageNumberPagination):
    """``?page=`` (from 1) and ``?page_size=`` (1 to 500, default 50); a bad value or a page past the
    last is a 400 naming the parameter, never ignored or clamped."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    class Query(serializers.Serializer):
        page = serializers.IntegerField(min_value=1, required=False)
        page_size = serializers.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, required=False)

    def paginate_queryset(self, queryset, request, view=None):
        query = validated_query(request=request, serializer_class=self.Query)
        self.request = request
        paginator = self.django_paginator_class(queryset, query.get("page_size", self.page_size))
        number = query.get("page", 1)
        if number > paginator.num_pages:  # one (empty) page when there is nothing
            message = _("Choose a page from 1 to %(last)s.") % {"last": paginator.num_pages}
            raise serializers.ValidationError({"page": [message]})
        self.page = paginator.page(number)
        if paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        return list(self.page)


ERROR_ANSWERS = {
    "400": "The input is invalid: each field's problems under its name, or `detail`.",
    "401": "Not logged in: send a token (`Authorization: Token …`) or a session.",
    "403": "Logged in, but this is not yours to do (`detail` says why).",
    "404": "No such object, or none you may see (the two are not told apart).",
    "405": "This operation does not take this method.",
    "409": "Not possible in the review's current state; `code` and `conditions` say what is missing.",
    "429": "Too many failed logins for this account from this address; see `Retry-After`.",
    "503": "The job could not be queued (the queue is unreachable): nothing was started; see `Retry-After`.",
}


RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer", "minimum": 0},
    }
}
# A file is also declared as ``application/octet-stream``, first: generators (openapi-python-client among
# them) read the first media type they know, and would read ``text/csv`` as text or drop ``application/pdf``.
FILE_AS_BYTES = "application/octet-stream"


def document_error_answers(result, generator, request, public):
    """drf-spectacular postprocessing: every operation documents the error answers it can give, and
    every file it answers as bytes a generated client keeps.

    The same exception handler (above) makes the errors for every view, so they are described once here:
    401/403 for operations that need a login, 409 for writes, 429 (with ``Retry-After``) for the login
    and an external informant's link (which answers 409 to a read too: used, withdrawn or expired),
    503 (with ``Retry-After``) for operations that queue a job (those that can answer 202).
    """
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = {
        "type": "object",
        "description": "An error: `detail` (and `code`), or the problems per field.",
        "properties": {
            "detail": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
            "code": {"type": "string"},
            "conditions": {"type": "array", "items": {"type": "string"}},
        },
        "additionalProperties": True,
    }
    reference = {"$ref": "#/components/schemas/Error"}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            answers = operation.setdefault("responses", {})
            for answer in answers.values():
                _file_as_bytes(answer)
            anonymous = operation.get("security") == [{}]
            codes = ["400", "404", "405"] if anonymous else ["400", "401", "403", "404", "405"]
            if method in ("post", "put", "patch", "delete"):
                codes.append("409")
            if path.endswith("/auth/token/"):
                codes.append("429")
            if "/informant-link/" in path:  # an external informant's link: used or expired, guessed too often
                codes += [code for code in ("409", "429") if code not in codes]
            if "202" in answers:
                codes.append("503")
            for code in codes:
                answer = {
                    "description": ERROR_ANSWERS[code],
                    "content": {"application/json": {"schema": reference}},
                }
                if code in ("429", "503"):
                    answer["headers"] = RETRY_AFTER
                answers.setdefault(code, answer)
    return result


def _file_as_bytes(answer: dict) -> None:
    content = answer.get("content") or {}
    files = [media for media in content.values() if media.get("schema", {}).get("format") == "binary"]
    if files and FILE_AS_BYTES not in content and len(files) == len(content):
        answer["content"] = {FILE_AS_BYTES: {"schema": {"type": "string", "format": "binary"}}, **content}
        answer.setdefault("description", "")
        answer["description"] = (
            answer["description"] + " The file's own type is in `Content-Type`: " + ", ".join(content) + "."
        ).strip()


def not_found(request, exception=None):
    """404 for a URL that matches nothing (``handler404``, used when DEBUG is off): JSON under /api/
    (as the schema says), the site's page elsewhere."""
    from django.http import JsonResponse
    from django.views.defaults import page_not_found

    if request.path.startswith("/api/"):
        return JsonResponse({"detail": gettext("Not found.")}, status=404)
    return page_not_found(request, exception)
