"""The SCIM endpoints (RFC 7644): thin, each answering in ``application/scim+json``; writes call
``people.scim.services``; every error is a SCIM Error (``status``, ``scimType``, ``detail``)."""

import json
import logging

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from pydantic import ValidationError
from scim2_filter_parser.lexer import SCIMLexer
from scim2_filter_parser.parser import SCIMParser, SCIMParserError
from scim2_filter_parser.transpilers.django_q_object import Transpiler
from scim2_models import (
    Context,
    Error,
    InvalidFilterException,
    InvalidSyntaxException,
    InvalidValueException,
    ListResponse,
    NotFoundException,
    PatchOp,
    ResourceType,
    ResponseParameters,
    Schema,
    SCIMException,
    ScimPolicy,
    SearchRequest,
)

from people.scim import schema, services
from people.scim.auth import client_for_request, over_budget
from people.scim.resources import from_user, scim_users, to_user

logger = logging.getLogger(__name__)

CONTENT_TYPE = "application/scim+json"
# Entra ID's ways (scim2-models knows them): a ``remove`` naming its value, ``emails[type eq "work"].value``
# written before there is such an e-mail address. Attributes we do not keep are refused (400).
POLICY = ScimPolicy(
    remove_value_as_filter=ScimPolicy.RemoveValue.apply,
    unmatched_path_filter=ScimPolicy.UnmatchedPathFilter.create,
)
MANAGER_PATH = f"{schema.ENTERPRISE}:manager".casefold()
# Entra ID's filters are one comparison (``userName eq "…"``); a longer one is refused before it is parsed.
MAX_FILTER_LENGTH = 1000


def scim_response(payload: dict | None, status: int = 200, location: str | None = None) -> HttpResponse:
    response = HttpResponse(
        b"" if payload is None else json.dumps(payload), status=status, content_type=CONTENT_TYPE
    )
    if location:
        response["Location"] = location
    return response


def error_response(status: int, detail: str, scim_type: str | None = None) -> HttpResponse:
    error = Error(status=status, scim_type=scim_type, detail=detail)
    response = scim_response(error.model_dump(), status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="scim"'
    return response


class _StrictTranspiler(Transpiler):
    """scim2-filter-parser's Django transpiler, refusing an attribute it cannot map instead of dropping it."""

    def visit_AttrPath(self, node):  # noqa: N802 (the visitor's name for the node)
        mapped = super().visit_AttrPath(node)
        if mapped is None:
            raise InvalidFilterException(detail=f"Filtering on {node.attr_name} is not supported.")
        return mapped


def filter_query(text: str) -> Q:
    """A SCIM filter as a Q on ``scim_users()`` (400 invalidFilter for one that does not parse, names an
    attribute we do not filter on, is longer than ``MAX_FILTER_LENGTH`` or nests too deep to read)."""
    if len(text) > MAX_FILTER_LENGTH:
        raise InvalidFilterException(detail=f"A filter has at most {MAX_FILTER_LENGTH} characters.")
    try:
        tree = SCIMParser().parse(SCIMLexer().tokenize(text))
        query = _StrictTranspiler(schema.FILTER_ATTRIBUTES).transpile(tree)
    except RecursionError:  # the transpiler walks the tree recursively: a few hundred levels end it
        raise InvalidFilterException(detail="The filter nests too deep.") from None
    except (
        SCIMParserError,
        ValueError,
        TypeError,
        AttributeError,
    ) as error:  # what the lexer, parser and transpiler raise
        raise InvalidFilterException(detail=f"The filter cannot be read: {error}") from None
    if query is None:
        raise InvalidFilterException(detail="The filter names no attribute.")
    return query


def filtered(users: QuerySet, text: str) -> QuerySet:
    """``users`` narrowed by the SCIM filter ``text``; a value the attribute cannot hold (a date that is
    none, a number out of range) is 400 invalidFilter too, not a 500 (Django checks it here)."""
    query = filter_query(text)
    try:
        return users.filter(query)
    except (DjangoValidationError, ValueError, TypeError, OverflowError):
        raise InvalidFilterException(detail="A value in the filter does not fit its attribute.") from None


@method_decorator(csrf_exempt, name="dispatch")
class ScimView(View):
    """Bearer authentication, the request budget and the SCIM error shape for every endpoint."""

    http_method_names = ["get", "post", "put", "patch", "delete"]

    def dispatch(self, request, *args, **kwargs):
        self.client = client_for_request(request)
        if self.client is None:
            return error_response(401, "A valid bearer token of a provisioning client is required.")
        if over_budget(self.client):
            response = error_response(429, "Too many requests; try again in a minute.")
            response["Retry-After"] = "60"
            return response
        self.base_url = request.build_absolute_uri("/scim/v2").rstrip("/")
        if request.method.lower() not in self.http_method_names or not hasattr(self, request.method.lower()):
            return error_response(405, f"{request.method} is not supported here.")
        try:
            return super().dispatch(request, *args, **kwargs)
        except ValidationError as error:
            return error_response(400, _validation_detail(error), "invalidValue")
        except SCIMException as error:
            return error_response(error.status, error.detail, error.scim_type or None)
        except RequestDataTooBig:
            return error_response(413, "The request body is too large.")
        except Exception:
            # Logged with its trace for IT; the client gets the SCIM shape and nothing of our internals.
            logger.exception("SCIM %s %s failed", request.method, request.path)
            return error_response(500, "The request could not be handled; it has been logged.")

    def json_body(self) -> dict:
        try:
            body = json.loads(self.request.body or b"null")
        except (ValueError, UnicodeDecodeError):
            raise InvalidSyntaxException(detail="The request body is not JSON.") from None
        if not isinstance(body, dict):
            raise InvalidSyntaxException(detail="The request body must be a JSON object.")
        return body

    def dump(self, user, context) -> dict:
        parameters = ResponseParameters(
            attributes=self.request.GET.get("attributes") or None,
            excluded_attributes=self.request.GET.get("excludedAttributes") or None,
        )
        return user.model_dump(scim_ctx=context, response_parameters=parameters)


def _validation_detail(error: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(part) for part in item['loc']) or 'body'}: {item['msg']}" for item in error.errors()
    )


class ServiceProviderConfigView(ScimView):
    def get(self, request):
        return scim_response(schema.service_provider_config().model_dump())


class ResourceTypesView(ScimView):
    def get(self, request, name: str | None = None):
        types = schema.resource_types()
        if name is not None:
            found = next((item for item in types if item.id == name), None)
            if found is None:
                raise NotFoundException(detail=f"No resource type {name}.")
            return scim_response(found.model_dump())
        return scim_response(
            ListResponse[ResourceType](
                total_results=len(types), start_index=1, items_per_page=len(types), resources=types
            ).model_dump()
        )


class SchemasView(ScimView):
    def get(self, request, urn: str | None = None):
        schemas = schema.schemas()
        if urn is not None:
            found = next((item for item in schemas if item.id == urn), None)
            if found is None:
                raise NotFoundException(detail=f"No schema {urn}.")
            return scim_response(found.model_dump())
        return scim_response(
            ListResponse[Schema](
                total_results=len(schemas), start_index=1, items_per_page=len(schemas), resources=schemas
            ).model_dump()
        )


def _whole_number(text: str | None, name: str, default: int) -> int:
    if text in (None, ""):
        return default
    try:
        return int(text)
    except ValueError:
        raise InvalidValueException(detail=f"{name} must be a whole number.") from None


class UsersView(ScimView):
    def get(self, request):
        parameters = request.GET
        return self.listing(
            filter_text=parameters.get("filter"),
            start=_whole_number(parameters.get("startIndex"), "startIndex", 1),
            count=_whole_number(parameters.get("count"), "count", schema.DEFAULT_COUNT),
            attributes=parameters.get("attributes") or None,
            excluded=parameters.get("excludedAttributes") or None,
        )

    def listing(self, *, filter_text, start, count, attributes=None, excluded=None) -> HttpResponse:
        """A page of Users (RFC 7644 §3.4.2): three queries (client, count, page) whatever the page size."""
        users = scim_users()
        if filter_text:
            users = filtered(users, filter_text)
        start, count = max(1, start), min(schema.MAX_RESULTS, max(0, count))
        total = users.count()
        # Past the last User the page is empty, whatever the startIndex (no OFFSET beyond the database's).
        page = list(users[start - 1 : start - 1 + count]) if count and start <= total else []
        parameters = ResponseParameters(attributes=attributes, excluded_attributes=excluded)
        resources = [
            to_user(employee, base_url=self.base_url).model_dump(
                scim_ctx=Context.RESOURCE_QUERY_RESPONSE, response_parameters=parameters
            )
            for employee in page
        ]
        return scim_response(
            {
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
                "totalResults": total,
                "startIndex": start,
                "itemsPerPage": len(resources),
                "Resources": resources,
            }
        )

    def post(self, request):
        user = schema.User.model_validate(
            self.json_body(), scim_ctx=Context.RESOURCE_CREATION_REQUEST, scim_policy=POLICY
        )
        employee = services.scim_user_save(client=self.client, data=from_user(user))
        saved = to_user(scim_users().get(pk=employee.pk), base_url=self.base_url)
        return scim_response(
            self.dump(saved, Context.RESOURCE_CREATION_RESPONSE), status=201, location=saved.meta.location
        )


class UsersSearchView(UsersView):
    """``POST /Users/.search`` (RFC 7644 §3.4.3): the query in the body."""

    def get(self, request):
        return error_response(405, "Search with POST.")

    def post(self, request):
        search = SearchRequest[schema.User].model_validate(self.json_body(), scim_ctx=Context.SEARCH_REQUEST)
        return self.listing(
            filter_text=str(search.filter) if search.filter else None,
            start=search.start_index or 1,
            count=schema.DEFAULT_COUNT if search.count is None else search.count,
            attributes=[str(path) for path in search.attributes] if search.attributes else None,
            excluded=[str(path) for path in search.excluded_attributes]
            if search.excluded_attributes
            else None,
        )


class UserView(ScimView):
    def employee(self, pk: str):
        employee = scim_users().filter(pk=int(pk)).first() if pk.isdecimal() else None
        if employee is None:
            raise NotFoundException(detail=f"No User {pk}.")
        return employee

    def get(self, request, pk: str):
        user = to_user(self.employee(pk), base_url=self.base_url)
        return scim_response(self.dump(user, Context.RESOURCE_QUERY_RESPONSE), location=user.meta.location)

    def put(self, request, pk: str):
        employee = self.employee(pk)
        user = schema.User.model_validate(
            self.json_body(), scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST, scim_policy=POLICY
        )
        return self._saved(
            services.scim_user_save(client=self.client, data=from_user(user), employee=employee)
        )

    def patch(self, request, pk: str):
        employee = self.employee(pk)
        body = _entra_manager_values(self.json_body())
        patch = PatchOp[schema.User].model_validate(
            body, scim_ctx=Context.RESOURCE_PATCH_REQUEST, scim_policy=POLICY
        )

        def change(current):  # the employee as they are under the lock (services.scim_user_patch)
            user = to_user(current, base_url=self.base_url)
            patch.patch(user, scim_policy=POLICY)
            return from_user(user)

        return self._saved(
            services.scim_user_patch(client=self.client, employee_id=employee.pk, change=change)
        )

    def delete(self, request, pk: str):
        services.scim_user_delete(client=self.client, employee=self.employee(pk))
        return scim_response(None, status=204)

    def _saved(self, employee):
        user = to_user(scim_users().get(pk=employee.pk), base_url=self.base_url)
        return scim_response(
            self.dump(user, Context.RESOURCE_REPLACEMENT_RESPONSE), location=user.meta.location
        )


def _entra_manager_values(body: dict) -> dict:
    """Entra ID writes the manager as the bare id (``"value": "42"``) where the schema's manager is complex,
    and may name the old manager in a ``remove`` (one manager: removing it is enough)."""
    for operation in body.get("Operations") or []:
        if not isinstance(operation, dict) or str(operation.get("path", "")).casefold() != MANAGER_PATH:
            continue
        if str(operation.get("op", "")).casefold() == "remove":
            operation.pop("value", None)
        elif isinstance(operation.get("value"), str):
            operation["value"] = {"value": operation["value"]} if operation["value"] else None
    return body


class NotFoundView(ScimView):
    """Anything else under /scim/v2/: a SCIM 404, after authentication."""

    def get(self, request, rest: str = ""):
        return error_response(404, "No such SCIM endpoint.")

    post = put = patch = delete = get
