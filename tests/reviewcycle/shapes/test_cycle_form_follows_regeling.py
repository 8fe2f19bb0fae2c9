"""UX findings 1 and 21: on the cycle page HR chooses the regeling first (a GET step, no JavaScript needed);
the form then asks only what its shape needs, filled in with its own dates and numbers; the API's create
does the same (left out: the regeling's value; a setting for a part the shape lacks: ignored); a draft
moved to another regeling follows it where HR changed nothing, and says so."""

import datetime

import pytest
from django.test import Client

from reviewcycle.models import CycleTemplate, CycleTemplateVersion, ReviewCycle
from reviewcycle.services import cycle_update
from reviewcycle.shapes.services import current_template_version, cycle_templates_load_builtin
from tests.language import speaking
from tests.reviewcycle.services.test_cycle_create import api_payload
from tests.reviewcycle.shapes.test_cycle_on_regeling import api  # noqa: F401 - a fixture
from tests.reviewcycle.test_hr_pages import cycle_post

pytestmark = pytest.mark.django_db

NOT_ON_GOEDE_GESPREKKEN = [
    "self_assessment_due",
    "scoring_due",
    "appraisal_due",
    "rating_scale",
    "goal_weight",
    "competency_weight",
    "second_review_days",
    "objection_decision_days",
]


def version_of(slug: str) -> CycleTemplateVersion:
    return current_template_version(CycleTemplate.objects.get(slug=slug))


@pytest.fixture
def hr_page(org):
    cycle_templates_load_builtin()
    page = speaking(Client(), "nl")
    page.force_login(org.hr)
    return page


def test_choosing_the_regeling_first_fills_in_its_own_settings_and_hides_the_rest(hr_page):
    goede = version_of("goede-gesprekken")
    form = hr_page.get(f"/cycles/new/?template_version={goede.pk}").content.decode()
    for name in NOT_ON_GOEDE_GESPREKKEN:
        assert f'name="{name}"' not in form, name
    # The tests run on 15 January 2026: the period starts on 1 February, progress talks in month 11.
    assert 'name="planning_due" value="2026-05-01"' in form
    assert 'name="progress_due" value="2027-01-01"' in form
    assert 'name="min_progress_talks" value="2"' in form
    assert f'<input type="hidden" name="template_version" value="{goede.pk}">' in form
    assert 'method="get"' in form
    assert "Kies deze regeling" in form


def test_a_cycle_on_goede_gesprekken_is_made_without_the_fields_it_lacks(org, hr_page):
    goede = version_of("goede-gesprekken")
    data = cycle_post(org, template_version=str(goede.pk), min_progress_talks="2")
    for name in NOT_ON_GOEDE_GESPREKKEN:
        del data[name]
    assert hr_page.post("/cycles/new/", data).status_code == 302
    cycle = ReviewCycle.objects.get(name="Gesprekscyclus 2027")
    assert cycle.template_version == goede
    assert cycle.min_progress_talks == 2
    # The phases it lacks take the date of the phase before: in order, nothing due on them.
    assert cycle.self_assessment_due == cycle.scoring_due == cycle.appraisal_due == cycle.progress_due


def test_errors_stand_next_to_their_fields_in_dutch(org, hr_page):
    twee = version_of("twee-gesprekken")
    data = cycle_post(org, template_version=str(twee.pk), period_end="2026-06-01")
    del data["progress_due"]  # not asked on Twee gesprekken
    refused = hr_page.post("/cycles/new/", data)
    assert refused.status_code == 400
    assert refused.context["form"].errors["period_end"] == ["Kies een einddatum na de begindatum."]
    assert 'name="progress_due"' not in refused.content.decode()
    # The service's refusal (the phases out of order) stands next to the date it concerns, in Dutch.
    data = cycle_post(org, template_version=str(twee.pk), scoring_due="2027-02-01")
    refused = hr_page.post("/cycles/new/", data)
    assert refused.status_code == 400
    assert (
        refused.context["form"]
        .errors["scoring_due"][0]
        .startswith("Kies de data van de fasen in deze volgorde")
    )
    assert not ReviewCycle.objects.exists()


def test_the_api_takes_the_regelings_values_and_ignores_what_its_shape_lacks(api, org):  # noqa: F811
    goede = version_of("goede-gesprekken")
    payload = {**api_payload(org), "template_version": goede.pk, "goal_weight": 70, "competency_weight": 30}
    for name in ("planning_due", "progress_due", "rating_scale", "min_progress_talks"):
        payload.pop(name, None)
    payload["scoring_due"] = "2020-01-01"  # a phase Goede gesprekken does not have: ignored
    created = api.post("/api/v1/cycles/", payload, format="json")
    assert created.status_code == 201, created.content
    cycle = ReviewCycle.objects.get(pk=created.json()["id"])
    start = cycle.period_start
    assert cycle.planning_due == start.replace(month=start.month + 3)
    assert cycle.min_progress_talks == 2
    assert (cycle.goal_weight, cycle.competency_weight) == (50, 50)  # no scores: the cycle's own default
    assert cycle.scoring_due == cycle.progress_due


def test_a_draft_moved_to_another_regeling_follows_it_where_hr_changed_nothing(org, hr_page):
    gemeentelijk = version_of("gemeentelijk")
    assert (
        hr_page.post("/cycles/new/", cycle_post(org, template_version=str(gemeentelijk.pk))).status_code
        == 302
    )
    cycle = ReviewCycle.objects.get(name="Gesprekscyclus 2027")
    cycle_update(cycle=cycle, actor=org.hr, response_term_days=21)  # HR's own
    goede = version_of("goede-gesprekken")
    cycle = cycle_update(cycle=cycle, actor=org.hr, template_version=goede)
    assert cycle.min_progress_talks == 2  # untouched: now Goede gesprekken's
    assert cycle.response_term_days == 21  # HR's own: kept
    assert "min_progress_talks" in cycle.settings_from_regeling
    assert cycle.events.order_by("-id").first().payload["from_regeling"] == cycle.settings_from_regeling


def test_the_edit_page_says_which_settings_followed_the_new_regeling(org, hr_page):
    gemeentelijk = version_of("gemeentelijk")
    hr_page.post("/cycles/new/", cycle_post(org, template_version=str(gemeentelijk.pk)))
    cycle = ReviewCycle.objects.get(name="Gesprekscyclus 2027")
    goede = version_of("goede-gesprekken")
    data = cycle_post(org, template_version=str(goede.pk))
    saved = hr_page.post(f"/cycles/{cycle.pk}/edit/", data, follow=True)
    assert "volgen nu de regeling" in saved.content.decode()
    assert ReviewCycle.objects.get(pk=cycle.pk).template_version == goede


def test_each_regeling_once_and_an_older_version_only_where_a_draft_has_it(org, hr_page):
    gemeentelijk = version_of("gemeentelijk")
    hr_page.post("/cycles/new/", cycle_post(org, template_version=str(gemeentelijk.pk)))
    cycle = ReviewCycle.objects.get(name="Gesprekscyclus 2027")
    newer = CycleTemplateVersion.objects.create(
        template=gemeentelijk.template,
        number=2,
        status=CycleTemplateVersion.Status.PUBLISHED,
        published_at=datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC),
        signature_options=["seen", "agreed"],
        rating_scale=gemeentelijk.rating_scale,
        due_offsets=gemeentelijk.due_offsets,
    )
    new_form = hr_page.get("/cycles/new/").content.decode()
    assert new_form.count(">Gemeentelijk</option>") == 1
    assert f'<option value="{newer.pk}" selected>Gemeentelijk</option>' in new_form
    assert "Gemeentelijk, versie" not in new_form
    edit_form = hr_page.get(f"/cycles/{cycle.pk}/edit/").content.decode()
    assert f'<option value="{gemeentelijk.pk}" selected>Gemeentelijk, versie 1</option>' in edit_form
    assert f'<option value="{newer.pk}">Gemeentelijk</option>' in edit_form
