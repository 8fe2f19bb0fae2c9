"""Control characters are refused in every typed single-line text (issue 14, fault 3), by its whole kind:
every single-line model field carries ``validate_single_line`` (so the admin, model forms and
ModelSerializers refuse it next to the field), and so does every plain form and serializer field
for single-line input; representative fields are posted through the API and the pages."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.db import models
from rest_framework import serializers
from rest_framework.test import APIClient

from core.text import validate_single_line
from notifications.models import ScheduledTalk
from reviewcycle.models import Goal, ReviewCycle
from tests.language import speaking

PROJECT_APPS = {"core", "frameworks", "people", "reviewcycle", "notifications", "reports"}

# CharFields that are NOT typed single-line text, each with the reason. Choices are left out by the test
# itself (a choice is one of the system's own codes), and so are slugs (``validate_slug`` allows only
# letters, digits, "-" and "_").
NOT_TYPED = {
    "people.PeopleImport.filename": "the uploaded file's name as the browser gave it, shown escaped, never in a header",
    "people.PeopleImport.task_id": "a Celery task id the product generates",
    "reviewcycle.ReviewEvent.from_state": "a state code of the product",
    "reviewcycle.ReviewEvent.to_state": "a state code of the product",
    "reviewcycle.ReviewAccess.via": "a code of the product (page, api, pdf)",
    "notifications.Notification.dedupe_key": "a key the product builds from ids and dates",
    "notifications.Notification.link": "a path the product builds",
    "notifications.ScheduledTalk.uid": "a UUID the product generates",
    "notifications.WebhookEndpoint.secret": "a key the product generates (shown, never typed)",
    "notifications.WebhookDelivery.event_id": "an id the product derives from the event",
    "people.ProvisioningClient.token_hash": "a SHA-256 digest the product computes from a token it made",
    "reviewcycle.InformantRequest.token_hash": "a SHA-256 digest the product computes from a link it made",
}

CONTROL_VALUES = [
    "Eva\r\nBcc: x@example.com",
    "Eva\nde Vries",
    "Eva\x00",
    "Eva\tde Vries",
    "Eva\u2028de Vries",
    "Eva\u202esirV ed",  # right-to-left override ("Trojan Source")
    "Eva\u2067de Vries\u2069",
    "Eva\uffff",
]


def _single_line_model_fields():
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.get_fields():
            if (
                not isinstance(field, models.CharField)
                or field.choices
                or isinstance(field, models.SlugField)
            ):
                continue
            yield f"{model._meta.app_label}.{model.__name__}.{field.name}", field


def test_every_single_line_model_field_refuses_control_characters():
    found = dict(_single_line_model_fields())
    missing = [
        name
        for name, field in found.items()
        if name not in NOT_TYPED and validate_single_line not in field.validators
    ]
    assert missing == []
    assert set(NOT_TYPED) <= set(found), "the allow-list names a field that no longer exists"
    assert len(found) - len(NOT_TYPED) >= 20  # names, unit names, titles, labels, places, ...


def _project_classes(base: type):
    for app in sorted(PROJECT_APPS):
        package = importlib.import_module(app)
        for module_info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in module_info.name or ".management" in module_info.name:
                continue
            module = importlib.import_module(module_info.name)
            for _name, value in inspect.getmembers(module, inspect.isclass):
                if issubclass(value, base) and value.__module__ == module.__name__:
                    yield value
                for _inner, nested in inspect.getmembers(value, inspect.isclass):
                    if issubclass(nested, base) and nested.__module__ == module.__name__:
                        yield nested


def test_every_single_line_form_field_refuses_control_characters():
    """A plain form's text field without a Textarea is single-line input. A model form's own model
    fields are validated by the model (``full_clean``), checked above."""
    missing = []
    for form_class in set(_project_classes(forms.BaseForm)):
        for name, field in form_class.base_fields.items():
            if issubclass(form_class, forms.ModelForm) and name not in form_class.declared_fields:
                continue
            if (
                type(field) is forms.CharField
                and not isinstance(
                    field.widget, forms.Textarea | forms.PasswordInput
                )  # a password: any character
                and validate_single_line not in field.validators
            ):
                missing.append(f"{form_class.__module__}.{form_class.__qualname__}.{name}")
    assert missing == []


def test_every_single_line_serializer_input_refuses_control_characters():
    """An input text field of at most 300 characters is single-line; multi-line text is declared with the
    long limit (10,000) and output fields are read, never posted."""
    missing = []
    for serializer_class in set(_project_classes(serializers.Serializer)):
        if issubclass(serializer_class, serializers.ModelSerializer):
            continue  # model fields carry the validator (checked above)
        for name, field in serializer_class().get_fields().items():
            if (
                type(field) is serializers.CharField
                and not field.read_only
                and field.max_length is not None
                and field.max_length <= 300
                and validate_single_line not in field.validators
            ):
                missing.append(f"{serializer_class.__module__}.{serializer_class.__qualname__}.{name}")
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize("value", CONTROL_VALUES)
def test_the_api_refuses_control_characters_next_to_the_field(review, org, value):
    manager = APIClient()
    manager.force_authenticate(org.manager.user)
    goal = manager.post(f"/api/v1/reviews/{review.pk}/goals/", {"title": value}, format="json")
    assert goal.status_code == 400
    assert "title" in str(goal.json())
    assert not Goal.objects.filter(review=review).exists()
    talk = manager.post(
        f"/api/v1/reviews/{review.pk}/talks/",
        {"kind": "planning", "starts_at": "2026-02-01T10:00:00+01:00", "location": f"Kamer {value}"},
        format="json",
    )
    assert talk.status_code == 400
    assert "location" in str(talk.json())
    assert not ScheduledTalk.objects.exists()
    hr = APIClient()
    hr.force_authenticate(org.hr)
    cycle = hr.post(
        "/api/v1/cycles/",
        {"name": f"Cyclus {value}", "period_start": "2027-01-01", "period_end": "2027-12-31"},
        format="json",
    )
    assert cycle.status_code == 400
    assert "name" in str(cycle.json())


@pytest.mark.django_db
def test_a_page_shows_a_dutch_error_next_to_the_field(review, org, client):
    from django.utils import translation

    client.force_login(org.manager.user)
    with translation.override("nl"):
        page = speaking(client, "nl").post(
            f"/reviews/{review.pk}/plan/",
            {"action": "new-goal", "new-goal-title": "Wachttijd\r\nonder 10 minuten"},
        )
    assert page.status_code == 400
    assert "Haal de regelovergang" in page.content.decode()
    assert not Goal.objects.filter(review=review).exists()


@pytest.mark.django_db
def test_the_admin_refuses_a_name_with_a_line_break(org, client):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("beheer", "beheer@example.com", "x")
    client.force_login(admin)
    employee = org.employee
    page = client.post(
        f"/admin/people/orgunit/{org.team.pk}/change/",
        {"name": "Burger\nzaken", "kind": org.team.kind, "parent": org.team.parent_id or ""},
    )
    assert page.status_code == 200  # the form again, with the error
    assert "Haal de regelovergang" in page.content.decode()
    org.team.refresh_from_db()
    assert org.team.name == "Burgerzaken"
    assert employee.name == "Eva Employee"


@pytest.mark.django_db
def test_the_cycle_page_refuses_a_name_with_a_line_break(org, client):
    client.force_login(org.hr)
    page = client.post("/cycles/new/", {"name": "Cyclus\r\n2027"})
    assert page.status_code in (200, 400)
    assert not ReviewCycle.objects.filter(name__startswith="Cyclus\r").exists()
    assert "Haal de regelovergang" in page.content.decode()
