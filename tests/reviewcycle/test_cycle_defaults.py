"""The new-cycle page proposes a twelve-month period from next month, the published framework and the
default scale; dates in the past are a warning, not an error."""

import datetime

import pytest
from django.test import Client

from frameworks.models import Framework, RatingScale
from frameworks.selectors import current_version
from reviewcycle.models import ReviewCycle
from reviewcycle.selectors import cycle_defaults
from tests.language import speaking
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
    assert defaults["framework_version"] == kempen.pk  # the people sit in Kempen cells
    assert defaults["rating_scale"] == RatingScale.objects.get(slug="vijfpuntsschaal").pk


def test_the_new_cycle_page_is_filled_in_and_warns_about_past_dates(org):
    client = speaking(Client(), "en")  # pages ignore Accept-Language (people.middleware)
    client.force_login(org.hr)
    page = client.get("/cycles/new/").content.decode()
    assert 'name="period_start" value="2026-02-01"' in page  # the tests run on 15 January 2026
    assert 'name="period_end" value="2027-01-31"' in page
    scale = RatingScale.objects.get(slug="vijfpuntsschaal")
    assert f'<option value="{scale.pk}" selected>' in page
    created = client.post("/cycles/new/", cycle_post(org, period_start="2025-12-01"), follow=True)
    assert ReviewCycle.objects.filter(name="Gesprekscyclus 2027").exists()  # a warning, not an error
    assert "they lie in the past: Period start." in created.content.decode()


def _published_last(slug: str):
    """Make ``slug``'s version the most recently published one (the old default's pick)."""
    version = current_version(framework=Framework.objects.get(slug=slug))
    version.published_at = version.__class__.objects.order_by("-published_at").first().published_at + (
        datetime.timedelta(days=1)
    )
    version.save(update_fields=["published_at"])
    return version


def test_without_cycles_the_framework_whose_cells_people_sit_in_is_preselected(org):
    """Walk item 12: a municipality in Kempen cells was offered the university framework, published last."""
    _published_last("ufo-functieprofielen")
    kempen = current_version(framework=Framework.objects.get(slug="kempen-competenties"))
    assert cycle_defaults(today=datetime.date(2026, 11, 30))["framework_version"] == kempen.pk
    client = Client()
    client.force_login(org.hr)
    page = client.get("/cycles/new/").content.decode()
    assert f'<option value="{kempen.pk}" selected>' in page


def test_the_framework_of_the_most_recent_cycle_is_preselected(org):
    from reviewcycle.services import cycle_create
    from tests.reviewcycle.fixtures import cycle_fields

    ufo = current_version(framework=Framework.objects.get(slug="ufo-functieprofielen"))
    scale = RatingScale.objects.get(slug="vijfpuntsschaal")
    cycle_create(actor=org.hr, scope=[org.root], framework_version=ufo, rating_scale=scale, **cycle_fields())
    _published_last("kempen-competenties")
    assert cycle_defaults(today=datetime.date(2026, 11, 30))["framework_version"] == ufo.pk
