"""The new-cycle page proposes a twelve-month period from next month, the published framework and the
default scale; dates in the past are a warning, not an error."""

import datetime

import pytest
from django.test import Client

from frameworks.models import Framework, RatingScale
from frameworks.selectors import current_version
from reviewcycle.models import ReviewCycle
from reviewcycle.selectors import cycle_defaults
from tests.reviewcycle.test_hr_pages import cycle_post

pytestmark = pytest.mark.django_db


def test_the_defaults_run_twelve_months_from_the_first_of_next_month(org):
    defaults = cycle_defaults(today=datetime.date(2026, 11, 30))
    assert (defaults["period_start"], defaults["period_end"]) == (
        datetime.date(2026, 12, 1),
        datetime.date(2027, 11, 30),
    )
    dates = [
        defaults[name] for name in ("planning_due", "progress_due", "self_assessment_due", "scoring_due")
    ]
    assert dates == sorted(dates)
    assert dates[-1] < defaults["appraisal_due"] <= defaults["period_end"]
    kempen = current_version(framework=Framework.objects.get(slug="kempen-competenties"))
    published = kempen.__class__.objects.filter(status="published").order_by("-published_at", "-pk").first()
    assert defaults["framework_version"] == published.pk
    assert defaults["rating_scale"] == RatingScale.objects.get(slug="vijfpuntsschaal").pk


def test_the_new_cycle_page_is_filled_in_and_warns_about_past_dates(org):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(org.hr)
    page = client.get("/cycles/new/").content.decode()
    assert 'name="period_start" value="2026-02-01"' in page  # the tests run on 15 January 2026
    assert 'name="period_end" value="2027-01-31"' in page
    scale = RatingScale.objects.get(slug="vijfpuntsschaal")
    assert f'<option value="{scale.pk}" selected>' in page
    created = client.post("/cycles/new/", cycle_post(org, period_start="2025-12-01"), follow=True)
    assert ReviewCycle.objects.filter(name="Gesprekscyclus 2027").exists()  # a warning, not an error
    assert "they lie in the past: Period start." in created.content.decode()
