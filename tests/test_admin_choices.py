"""No admin form lists the organisation (issue 17): a field that chooses a user, an employee, a unit or a
review is a search (``autocomplete_fields``) or read-only, never a ``<select>`` of every one of them."""

import pytest
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple, ForeignKeyRawIdWidget
from django.contrib.auth import get_user_model
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.test import RequestFactory

from people.models import Employee, OrgUnit
from reviewcycle.models import Review, ReviewCycle

pytestmark = pytest.mark.django_db

GROWING = {get_user_model(), Employee, OrgUnit, Review, ReviewCycle}
SEARCHED = (AutocompleteSelect, AutocompleteSelectMultiple, ForeignKeyRawIdWidget)


def test_no_admin_form_offers_a_select_of_everyone():
    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    listed = []
    for model, model_admin in admin.site._registry.items():
        if not (model_admin.has_add_permission(request) or model_admin.has_change_permission(request)):
            continue  # read-only: a related object is shown as text
        form = model_admin.get_form(request)
        for name, field in form.base_fields.items():
            if not isinstance(field, ModelChoiceField | ModelMultipleChoiceField):
                continue
            widget = getattr(field.widget, "widget", field.widget)  # inside the add/change links wrapper
            if field.queryset.model in GROWING and not isinstance(widget, SEARCHED):
                listed.append(f"{model.__name__}.{name}: {type(widget).__name__}")
    assert not listed, listed
