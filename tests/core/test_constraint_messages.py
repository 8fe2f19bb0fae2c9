"""A database constraint's name never reaches a page: each says in a sentence what is wrong (issue 16,
"Beperking ‘cycle_weights_sum_100’ is geschonden"), next to the field where a form knows it."""

import re

import pytest
from django.apps import apps
from django.test import Client

from tests.reviewcycle.test_hr_pages import cycle_post

pytestmark = pytest.mark.django_db


def test_every_constraint_of_every_model_has_its_own_message_and_code():
    bare = [
        f"{model._meta.label}.{constraint.name}"
        for model in apps.get_models()
        if model._meta.app_label
        in ("core", "frameworks", "people", "reviewcycle", "notifications", "reports")
        for constraint in model._meta.constraints
        if constraint.violation_error_message == constraint.default_violation_error_message
        or constraint.violation_error_code != constraint.name
        or constraint.name in str(constraint.violation_error_message)
    ]
    assert bare == []


def test_a_form_that_breaks_a_constraint_says_so_in_dutch_next_to_the_field(org):
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(org.hr)
    answer = client.post("/cycles/new/", cycle_post(org, goal_weight="50", competency_weight="40"))
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "cycle_weights_sum_100" not in page
    assert "Beperking" not in page
    error = re.search(r'<ul class="errorlist" id="id_competency_weight_error">(.*?)</ul>', page, re.S)
    assert error, "the error stands next to the competency weight"
    assert "Maak de wegingen van resultaatafspraken en competenties samen 100." in error.group(1)
