"""The time-driven steps on a simulated date (issue 23): ``manage.py timed --as-of`` walks a response term
to its end, as beat would on that day, and production refuses it."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import translation
from rest_framework.test import APIClient

from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db


def test_a_response_term_expires_on_the_simulated_day_after_it(review, org, traveller):
    review = advance(review, org, "employee_response", traveller)
    api = APIClient()
    api.force_authenticate(org.hr)
    term = datetime.date.fromisoformat(api.get(f"/api/v1/reviews/{review.pk}/").json()["response_due"])
    out = StringIO()
    with translation.override("nl"):
        call_command("timed", "--as-of", term.isoformat(), stdout=out)  # the term's last day: still open
    assert api.get(f"/api/v1/reviews/{review.pk}/").json()["state"] == "employee_response"
    with translation.override("nl"):
        call_command("timed", "--as-of", (term + datetime.timedelta(days=1)).isoformat(), stdout=out)
    after = api.get(f"/api/v1/reviews/{review.pk}/").json()
    assert (after["state"], after["signature"]) == ("second_review", "not_signed")
    assert "verlopen reactietermijnen: 1;" in out.getvalue()


def test_production_refuses_a_simulated_date_and_a_bad_date_is_named(review):
    with override_settings(SIMULATED_DATES_ALLOWED=False), pytest.raises(CommandError, match="switched off"):
        call_command("timed", "--as-of", "2026-12-15")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("timed", "--as-of", "15-12-2026")
    out = StringIO()
    with override_settings(SIMULATED_DATES_ALLOWED=False), translation.override("nl"):
        call_command("timed", stdout=out)  # the real date is always allowed
    assert "Per " in out.getvalue()


def test_the_production_settings_switch_it_off():
    from pathlib import Path

    production = (Path(__file__).resolve().parents[2] / "config/settings/production.py").read_text()
    assert "SIMULATED_DATES_ALLOWED = False" in production


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_date_outside_the_cycles_years_is_refused_not_a_traceback(review, day):
    with (
        override_settings(SIMULATED_DATES_ALLOWED=True),
        translation.override("nl"),
        pytest.raises(CommandError, match="Geef een datum in de jaren 2000 tot en met 2998"),
    ):
        call_command("timed", "--as-of", day, stdout=StringIO())
