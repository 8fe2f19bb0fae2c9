"""``manage.py regeling`` and the due dates a regeling gives a new cycle."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import translation

from reviewcycle.models import CycleTemplate
from reviewcycle.shapes.services import current_template_version, template_due_dates

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    with translation.override("nl"):
        call_command("regeling", *args, stdout=out)
    return out.getvalue()


def test_load_builtin_says_what_it_loaded_then_that_it_was_there():
    first = run("load-builtin")
    assert "Gemeentelijk v1 geladen" in first
    assert "Proeftijd en tijdelijk contract v1 geladen" in first
    assert run("load-builtin").strip() == "De ingebouwde regelingen waren al geladen."
    listing = run("list")
    assert "goede-gesprekken" in listing
    assert "v1 (Gepubliceerd)" in listing


def test_due_dates_follow_the_shape_and_skip_phases_it_lacks():
    run("load-builtin")
    start = datetime.date(2027, 1, 31)
    gemeentelijk = current_template_version(CycleTemplate.objects.get(slug="gemeentelijk"))
    assert template_due_dates(version=gemeentelijk, period_start=start) == {
        "planning_due": datetime.date(2027, 3, 31),
        "progress_due": datetime.date(2027, 7, 31),
        "self_assessment_due": datetime.date(2027, 10, 31),
        "scoring_due": datetime.date(2027, 11, 30),  # kept within the month
        "appraisal_due": datetime.date(2027, 12, 31),
    }
    goede = current_template_version(CycleTemplate.objects.get(slug="goede-gesprekken"))
    dates = template_due_dates(version=goede, period_start=datetime.date(2027, 1, 1))
    assert dates["planning_due"] == datetime.date(2027, 4, 1)
    # No self-assessment, scores or closing talk: those dates follow the last talk, in order.
    assert (
        dates["progress_due"]
        == dates["self_assessment_due"]
        == dates["appraisal_due"]
        == datetime.date(2027, 12, 1)
    )
