"""Query parameters of the API: a declared parameter with a value it cannot take is a 400, never ignored.

Three kinds, each checked in one place:

- filters (``?overdue=``, ``?cycle=``, ``?state=``): a FilterSet built on ``StrictFilterSet``;
  ``FilterBackend`` (the API's filter backend) or ``filtered`` turns its form errors into a 400;
- other parameters (``?format=``, ``?language=``, ``?today=``, ``?form=``): a DRF serializer whose
  fields are the parameters, checked by ``validated_query``;
- pagination (``?page=``, ``?page_size=``): ``core.api.Pagination``, with ``validated_query``.

Unknown parameters are ignored, as APIs do. Each error is ``{"<parameter>": ["<message>"]}`` (the
documented error shape), in the caller's language.
"""

import django_filters
import django_filters.rest_framework
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import BooleanFilter  # true/false or 1/0, any case
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

__all__ = [
    "MAX_ID",
    "BooleanFilter",
    "ChoiceField",
    "FilterBackend",
    "IdFilter",
    "StrictFilterSet",
    "as_id",
    "filter_parameters",
    "filtered",
    "validated_query",
]


def validated_query(*, request, serializer_class: type[serializers.Serializer]) -> dict:
    """The query parameters of ``request`` (a Django or DRF request), checked by ``serializer_class``.

    ``serializer_class`` is a DRF ``Serializer`` with one field per parameter (``required=False`` or a
    ``default`` for the optional ones). Returns its ``validated_data``. Raises DRF's
    ``ValidationError`` (HTTP 400, each bad parameter's messages under its name).
    """
    serializer = serializer_class(data=request.GET)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class ChoiceField(serializers.ChoiceField):
    """A query parameter that takes one of a few values; a wrong one is refused naming the choices."""

    def __init__(self, choices, **kwargs):
        super().__init__(choices, **kwargs)
        listed = ", ".join(str(choice) for choice in self.choices)
        # Translated when the error is made (DRF formats it then), in the caller's language.
        self.error_messages["invalid_choice"] = lazy(
            lambda: gettext("Choose one of: %(choices)s.") % {"choices": listed}, str
        )()


# The largest id a parameter or a form field takes: larger numbers name nothing (SQLite cannot even compare
# with a number past 2**63).
MAX_ID = 2**31 - 1


def as_id(value) -> int | None:
    """``value`` (a query parameter, a posted field) as a database id: decimal digits (those ``int()``
    reads, so "٣" too) making 1 to ``MAX_ID``; None for anything else ("", "0", "1.0", "²", a number
    past any id), never an error. For values checked before a query rather than refused with a 400."""
    text = str(value)
    if not text.isdecimal() or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


@extend_schema_field(OpenApiTypes.INT)  # the schema says integer, not number
class IdFilter(django_filters.NumberFilter):
    """A database id: a whole number in range (a float or a huge number is a 400, not a crash)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class _RefuseUnusableValues(forms.Form):
    """A filter form that refuses a given value its field turned into "no value" (django-filter's
    boolean fields turn ``maybe`` into None, which would silently filter nothing)."""

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            key = self.add_prefix(name)
            raw = self.data.getlist(key) if hasattr(self.data, "getlist") else [self.data.get(key)]
            given = any(value not in (None, "") for value in raw)
            if given and name not in self._errors and cleaned.get(name) in (None, "", []):
                if isinstance(field, forms.NullBooleanField):
                    self.add_error(name, forms.ValidationError(_("Enter true or false."), code="invalid"))
                else:
                    self.add_error(name, forms.ValidationError(_("Enter a valid value."), code="invalid"))
        return cleaned


class StrictFilterSet(django_filters.rest_framework.FilterSet):
    """The base of every FilterSet of the API: a value a filter cannot use is an error, not ignored.

    Invalid values (``?cycle=abc``, ``?state=nonsense``, ``?overdue=maybe``) make the form invalid;
    ``FilterBackend`` then answers 400 with the filter's name as the key (``filtered`` does the same
    outside a list view).
    """

    def get_form_class(self):
        form_class = super().get_form_class()
        return type(form_class.__name__, (_RefuseUnusableValues, form_class), {})


class FilterBackend(django_filters.rest_framework.DjangoFilterBackend):
    """The API's filter backend (``DEFAULT_FILTER_BACKENDS``): DRF's django-filter backend, strict.

    A view's ``filterset_class`` must derive from ``StrictFilterSet`` (else ``ImproperlyConfigured``,
    which the schema test meets first); one made from ``filterset_fields`` does.
    """

    filterset_base = StrictFilterSet
    raise_exception = True

    def get_filterset_class(self, view, queryset=None):
        filterset_class = super().get_filterset_class(view, queryset)
        if filterset_class is not None and not issubclass(filterset_class, StrictFilterSet):
            raise ImproperlyConfigured(
                f"{filterset_class.__name__} must derive from core.query.StrictFilterSet."
            )
        return filterset_class


def filtered(*, request, queryset: QuerySet, filterset_class: type[StrictFilterSet]) -> QuerySet:
    """``queryset`` filtered by the query parameters of ``request``, as the list views filter it.

    Raises DRF's ``ValidationError`` (HTTP 400, each bad filter's messages under its name).
    """
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    if not filterset.is_valid():
        raise translate_validation(filterset.errors)
    return filterset.qs


def filter_parameters(filterset_class: type[StrictFilterSet]) -> list:
    """The OpenAPI query parameters of ``filterset_class`` for a view that filters with ``filtered``
    (a list view's are documented by drf-spectacular itself): its documentation follows the filters."""
    from drf_spectacular.utils import OpenApiParameter

    parameters = []
    for name, filter_ in filterset_class.base_filters.items():
        kwargs = {"description": filter_.label or ""}  # lazy: translated when the schema is made
        if isinstance(filter_, IdFilter):
            kwargs["type"] = int
        elif isinstance(filter_, django_filters.BooleanFilter):
            kwargs["type"] = bool
        elif isinstance(filter_, django_filters.ChoiceFilter | django_filters.MultipleChoiceFilter):
            kwargs.update(type=str, enum=[str(value) for value, _label in filter_.extra["choices"]])
            if isinstance(filter_, django_filters.MultipleChoiceFilter):
                kwargs.update(many=True, explode=True)
        else:
            kwargs["type"] = str
        parameters.append(OpenApiParameter(name, **kwargs))
    return parameters
