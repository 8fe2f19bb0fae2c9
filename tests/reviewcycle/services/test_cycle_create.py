"""cycle_create: the page and the API store the same cycle settings, reminders and automatic start included."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.test import APIClient

from frameworks.models import Framework, RatingScale
from frameworks.selectors import current_version
from reviewcycle.models import ReviewCycle
from reviewcycle.services import cycle_create
from tests.language import speaking
from tests.reviewcycle.fixtures import cycle_fields
from tests.reviewcycle.test_hr_pages import cycle_post

pytestmark = pytest.mark.django_db

REMINDER_SETTINGS = {
    "reminder_offsets": [3, 10],
    "overdue_reminder_after_days": 2,
    "escalate_to_second_reviewer_after_days": 5,
    "escalate_to_hr_after_days": 20,
    "auto_start_appraisal": True,
}
STORED = {**REMINDER_SETTINGS, "reminder_offsets": [10, 3]}  # most days first, each once


def stored_settings(cycle: ReviewCycle) -> dict:
    return {name: getattr(cycle, name) for name in STORED}


def api_payload(org) -> dict:
    return {
        **{key: value for key, value in cycle_post(org).items() if key != "reminder_offsets"},
        "scope": [org.root.pk],
        "rating_scale": "vijfpuntsschaal",
    }


def test_the_api_stores_reminders_and_the_automatic_start_like_the_page(org):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(org.hr)
    created = api.post("/api/v1/cycles/", {**api_payload(org), **REMINDER_SETTINGS}, format="json")
    assert created.status_code == 201, created.content
    assert {name: created.json()[name] for name in STORED} == STORED
    by_api = ReviewCycle.objects.get(pk=created.json()["id"])
    assert stored_settings(by_api) == STORED

    page = speaking(Client(), "en")
    page.force_login(org.hr)
    form = {**cycle_post(org, name="Via de pagina"), **REMINDER_SETTINGS, "reminder_offsets": "3, 10"}
    form["auto_start_appraisal"] = "on"
    assert page.post("/cycles/new/", form).status_code == 302
    assert stored_settings(ReviewCycle.objects.get(name="Via de pagina")) == STORED


def test_without_reminder_settings_both_take_the_defaults(org):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(org.hr)
    created = api.post("/api/v1/cycles/", api_payload(org), format="json")
    assert created.status_code == 201, created.content
    page = speaking(Client(), "en")
    page.force_login(org.hr)
    form = {**cycle_post(org, name="Via de pagina"), "reminder_offsets": "14, 7, 1"}
    assert page.post("/cycles/new/", form).status_code == 302
    defaults = {
        "reminder_offsets": [14, 7, 1],
        "overdue_reminder_after_days": 1,
        "escalate_to_second_reviewer_after_days": 7,
        "escalate_to_hr_after_days": 14,
        "auto_start_appraisal": False,
    }
    assert stored_settings(ReviewCycle.objects.get(pk=created.json()["id"])) == defaults
    assert stored_settings(ReviewCycle.objects.get(name="Via de pagina")) == defaults


@pytest.mark.parametrize("offsets", [[91], [-1], ["x"]])
def test_reminders_lie_0_to_90_days_before_a_due_date(org, offsets):
    with pytest.raises(ValidationError) as refused:
        cycle_create(
            actor=org.hr,
            scope=[org.root],
            framework_version=current_version(framework=Framework.objects.get(slug="kempen-competenties")),
            rating_scale=RatingScale.objects.get(slug="vijfpuntsschaal"),
            reminder_offsets=offsets,
            **cycle_fields(),
        )
    assert "reminder_offsets" in refused.value.message_dict
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(org.hr)
    response = api.post("/api/v1/cycles/", {**api_payload(org), "reminder_offsets": offsets}, format="json")
    assert response.status_code == 400
    assert "reminder_offsets" in response.json()
    assert not ReviewCycle.objects.exists()


def far_dates(start: str, end: str, due: str = "") -> dict:
    """A period from ``start`` to ``end`` with every due date on ``due`` (else its last day)."""
    dates = ("planning_due", "progress_due", "self_assessment_due", "scoring_due", "appraisal_due")
    return {"period_start": start, "period_end": end, **dict.fromkeys(dates, due or end)}


@pytest.mark.parametrize(
    ("start", "end", "due", "field"),
    [
        ("0001-01-01", "9999-12-31", "", "period_end"),  # a period of ten thousand years
        ("2026-01-01", "2029-06-30", "", "period_end"),  # longer than three years
        ("9999-01-01", "9999-12-31", "", "period_start"),  # next year's copy would not exist
        ("1900-01-01", "1900-12-31", "", "period_start"),
        ("2026-01-01", "2026-12-31", "9999-12-31", "planning_due"),
    ],
)
def test_a_period_far_off_or_too_long_is_refused_next_to_its_field(org, start, end, due, field):
    page = speaking(Client(), "nl")
    page.force_login(org.hr)
    response = page.post("/cycles/new/", cycle_post(org, **far_dates(start, end, due)))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(org.hr)
    response = api.post("/api/v1/cycles/", {**api_payload(org), **far_dates(start, end, due)}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not ReviewCycle.objects.exists()


def test_a_unit_no_longer_in_use_is_refused_by_the_scope_field(org, client):
    """A tampered form or API call naming a unit that was closed: the search field does not offer it, and
    the service refuses it by the field (an existing draft that has it keeps it)."""
    org.other_team.active = False
    org.other_team.save()
    settings = {
        "actor": org.hr,
        "scope": [org.team, org.other_team],
        "framework_version": current_version(framework=Framework.objects.get(slug="kempen-competenties")),
        "rating_scale": RatingScale.objects.get(slug="vijfpuntsschaal"),
        **cycle_fields(),
    }
    with pytest.raises(ValidationError) as refused:
        cycle_create(**settings)
    assert "Financiën" in refused.value.message_dict["scope"][0]
    client.force_login(org.hr)
    page = speaking(client, "nl").post("/cycles/new/", {**cycle_post(org), "scope": [org.other_team.pk]})
    assert page.status_code == 400
    assert "Niet meer in gebruik en daarom niet in een nieuwe cyclus: Financiën." in page.content.decode()
