"""A cycle's dashboard and progress are kept until the cycle changes (issue 17: looking again costs the same at
any organisation size), never shown out of date after a change, and at most counted once per
``CYCLE_FIGURES_REFRESH_SECONDS`` per reader however busy the cycle is."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from frameworks.models import Framework, RatingScale
from frameworks.selectors import current_version
from people.services import hr_grant
from reports.dashboard import cycle_dashboard
from reviewcycle import figures
from reviewcycle.completion import cycle_progress
from reviewcycle.models import Review
from reviewcycle.services import cycle_create, cycle_open, review_cancel
from tests.reviewcycle.fixtures import cycle_fields

pytestmark = pytest.mark.django_db


def cancel_one(cycle, hr):
    review = Review.objects.filter(cycle=cycle, state=Review.State.PLANNING).first()
    review_cancel(review=review, actor=hr, reason="uit dienst")


def test_looking_again_counts_nothing_and_a_change_shows_at_once(org, cycle):
    first = cycle_dashboard(cycle=cycle, user=org.hr)
    with CaptureQueriesContext(connection) as queries:
        again = cycle_dashboard(cycle=cycle, user=org.hr)
    assert again == first
    assert len(queries) <= 1, [query["sql"] for query in queries.captured_queries]  # who reads: HR's scope
    cancel_one(cycle, org.hr)
    after = cycle_dashboard(cycle=cycle, user=org.hr)
    assert after["states"]["cancelled"] == first["states"].get("cancelled", 0) + 1
    assert cycle_progress(cycle=cycle, user=org.hr)["states"]["cancelled"] == after["states"]["cancelled"]


def test_a_busy_cycle_is_counted_at_most_once_per_refresh_interval(org, cycle, settings, monkeypatch):
    first = cycle_progress(cycle=cycle, user=org.hr)  # counted now (the refresh interval is 0 in the tests)
    settings.CYCLE_FIGURES_REFRESH_SECONDS = 60
    cancel_one(cycle, org.hr)
    kept = cycle_progress(cycle=cycle, user=org.hr)
    assert kept == first  # counted less than a minute ago: the same figures, saying when they were counted
    later = first["as_of"] + datetime.timedelta(seconds=61)
    monkeypatch.setattr(figures.timezone, "now", lambda: later)
    counted = cycle_progress(cycle=cycle, user=org.hr)
    assert counted["as_of"] == later
    assert counted["states"]["cancelled"] == first["states"]["cancelled"] + 1


def test_opening_in_bulk_and_each_reader_get_their_own_figures(org):
    draft_cycle = cycle_create(
        actor=org.hr,
        scope=[org.root],
        framework_version=current_version(framework=Framework.objects.get(slug="kempen-competenties")),
        rating_scale=RatingScale.objects.get(slug="vijfpuntsschaal"),
        **cycle_fields(),
    )
    before = cycle_dashboard(cycle=draft_cycle, user=org.hr)
    assert before["total"] == 0
    cycle_open(cycle=draft_cycle, actor=org.hr)  # reviews written by COPY: no save signals them
    opened = cycle_dashboard(cycle=draft_cycle, user=org.hr)
    assert opened["total"] == Review.objects.filter(cycle=draft_cycle).count() > 0
    partial = get_user_model().objects.create(username="hr-financien")
    hr_grant(user=partial, org_units=[org.other_team], actor=None)
    theirs = cycle_dashboard(cycle=draft_cycle, user=partial)
    assert theirs["total"] == Review.objects.filter(cycle=draft_cycle, org_unit=org.other_team).count()
    assert theirs["total"] < opened["total"]


def test_the_page_and_the_api_say_when_they_were_counted(org, cycle, client):
    client.force_login(org.hr)
    page = client.get(f"/reports/cycles/{cycle.pk}/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Stand om " in page
    api = APIClient()
    api.force_authenticate(org.hr)
    answer = api.get(f"/api/v1/cycles/{cycle.pk}/progress/").json()
    assert datetime.datetime.fromisoformat(answer["as_of"]).tzinfo is not None


def test_the_figures_go_out_of_date_again_and_again_in_a_redis_cache_too(org):
    """The version a cycle's figures are kept under starts as a number Redis can count up (an int: a
    float is stored pickled, and the next INCR failed, failing the save of every review of the cycle),
    whether a change or a first look starts it."""
    from django.core.cache import cache

    key = figures._version_key(987654)
    cache.delete(key)
    figures._next_version(987654)  # not in the cache yet: set
    first = cache.get(key)
    figures._next_version(987654)  # counted up
    assert cache.get(key) == first + 1
    cache.delete(key)
    figures.cached_figures(cycle_id=987654, view="progress", user=org.hr, parameters=(), count=dict)
    looked = cache.get(key)
    figures._next_version(987654)
    assert cache.get(key) == looked + 1


def test_a_cache_holding_nonsense_never_fails_saving_a_review(org, cycle):
    """A version the cache cannot count up (a float pickled by an earlier release, a value another program
    wrote) is replaced by a new one: saving the review succeeds and the figures are counted anew."""
    from django.core.cache import cache

    first = cycle_dashboard(cycle=cycle, user=org.hr)
    cache.set(figures._version_key(cycle.pk), "not a number", None)
    cancel_one(cycle, org.hr)
    assert cycle_dashboard(cycle=cycle, user=org.hr)["states"]["cancelled"] == (
        first["states"].get("cancelled", 0) + 1
    )


def test_hr_whose_scope_was_narrowed_sees_the_narrower_figures_at_once(org, cycle):
    partial = get_user_model().objects.create(username="hr-wisselend")
    hr_grant(user=partial, org_units=[org.team, org.other_team], actor=None)
    both = cycle_dashboard(cycle=cycle, user=partial)["total"]
    from people.models import HRScope

    HRScope.objects.filter(user=partial, org_unit=org.other_team).delete()
    narrowed = get_user_model().objects.get(pk=partial.pk)  # a new request: nothing remembered on the user
    assert cycle_dashboard(cycle=cycle, user=narrowed)["total"] == (
        Review.objects.filter(cycle=cycle, employee__org_unit=org.team).count()
    )
    assert both > Review.objects.filter(cycle=cycle, employee__org_unit=org.team).count()


def test_opening_shows_at_once_however_recently_the_draft_was_counted(org, settings):
    """UX finding 16: "0 van 0 gesprekscycli afgerond" right after opening, until the refresh interval passed."""
    draft_cycle = cycle_create(
        actor=org.hr,
        scope=[org.root],
        framework_version=current_version(framework=Framework.objects.get(slug="kempen-competenties")),
        rating_scale=RatingScale.objects.get(slug="vijfpuntsschaal"),
        **cycle_fields(),
    )
    settings.CYCLE_FIGURES_REFRESH_SECONDS = 60
    assert cycle_dashboard(cycle=draft_cycle, user=org.hr)["total"] == 0
    assert cycle_progress(cycle=draft_cycle, user=org.hr)["total"] == 0
    cycle_open(cycle=draft_cycle, actor=org.hr)
    created = Review.objects.filter(cycle=draft_cycle).count()
    assert created > 0
    assert cycle_dashboard(cycle=draft_cycle, user=org.hr)["total"] == created
    assert cycle_progress(cycle=draft_cycle, user=org.hr)["total"] == created
