"""Settings the saved shape does not use are hidden on a draft's page (UX walk: they were only marked),
yet sent back as hidden inputs, so saving the page as the browser sends it loses nothing; switching the
part on shows them again after saving. A hidden setting with an error is shown, to be corrected."""

from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.language import speaking
from tests.reviewcycle.regelingen.helpers import draft_of
from tests.reviewcycle.regelingen.test_pages import shape_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(org, builtin):
    client = speaking(Client(), "nl")
    client.force_login(org.hr)
    return client


class ShapeFormData(HTMLParser):
    """What a browser sends for the page's shape form (the one posting to the page itself): each input
    (checkboxes and radios when checked), each select's selected option; ``visible`` the names of the
    inputs a person sees."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.inside, self.select = action, False, None
        self.data: dict[str, list[str]] = {}
        self.visible: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("action") == self.action
        elif self.inside and tag == "input" and attrs.get("name") not in (None, "csrfmiddlewaretoken"):
            kind = attrs.get("type", "text")
            if kind != "hidden":
                self.visible.add(attrs["name"])
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self.data.setdefault(attrs["name"], []).append(attrs.get("value", default))
        elif self.inside and tag == "select":
            self.select = attrs["name"]
            self.visible.add(self.select)
        elif self.inside and tag == "option" and self.select and "selected" in attrs:
            self.data.setdefault(self.select, []).append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None


def shape_form(hr, version) -> ShapeFormData:
    url = f"/regelingen/versions/{version.pk}/"
    parser = ShapeFormData(url)
    parser.feed(hr.get(url).content.decode())
    return parser


def test_without_scores_the_scale_and_weights_are_hidden_but_kept(hr, org):
    draft = draft_of(actor=org.hr)  # gemeentelijk: scores on a scale, weights 50/50
    scale, goal, competency = draft.rating_scale_id, draft.goal_weight, draft.competency_weight
    assert scale is not None
    hr.post(f"/regelingen/versions/{draft.pk}/", shape_post(draft, has_scores=None, has_self_assessment=None))
    draft.refresh_from_db()
    assert not draft.has_scores
    form = shape_form(hr, draft)
    assert {"rating_scale", "goal_weight", "competency_weight"}.isdisjoint(form.visible)
    assert form.data["rating_scale"] == [str(scale)]
    assert form.data["goal_weight"] == [str(goal)]
    # Saved as the browser sends the page: nothing hidden is lost.
    assert hr.post(f"/regelingen/versions/{draft.pk}/", form.data).status_code == 302
    draft.refresh_from_db()
    assert (draft.rating_scale_id, draft.goal_weight, draft.competency_weight) == (scale, goal, competency)
    # Scores switched on again: the settings are back in sight, as they were.
    form.data["has_scores"] = ["on"]
    assert hr.post(f"/regelingen/versions/{draft.pk}/", form.data).status_code == 302
    form = shape_form(hr, draft)
    assert {"rating_scale", "goal_weight", "competency_weight"} <= form.visible
    assert form.data["rating_scale"] == [str(scale)]


def test_a_shape_for_a_calendar_year_hides_the_probation_group_and_unused_due_dates(hr, org):
    draft = draft_of("goede-gesprekken", actor=org.hr)
    page = hr.get(f"/regelingen/versions/{draft.pk}/").content.decode()
    assert "<legend>Proeftijd</legend>" not in page
    assert 'for="id_appraisal_due"' not in page  # no appraisal talk: no due date for it
    assert 'for="id_planning_due"' in page
    assert "Niet gebruikt" not in page
    assert "verborgen" in page  # the page says settings of parts switched off are hidden


def test_a_hidden_setting_with_an_error_is_shown_to_be_corrected(hr, org):
    draft = draft_of("goede-gesprekken", actor=org.hr)
    response = hr.post(f"/regelingen/versions/{draft.pk}/", shape_post(draft, goal_weight="-5"))
    assert response.status_code == 400
    assert 'for="id_goal_weight"' in response.content.decode()


def test_a_published_shape_reads_its_committee_by_name_not_the_rating_scale(org, builtin):
    from django.contrib.auth.models import Group

    from reviewcycle.forms.regelingen import ShapeForm

    version = draft_of(actor=org.hr)
    version.objection_route = version.ObjectionRoute.COMMITTEE
    version.objection_committee = Group.objects.create(name="Bezwarencommissie")
    rows = dict(row for _legend, rows in ShapeForm(instance=version).readable() for row in rows)
    assert str(version.rating_scale) in rows.values()
    assert "Bezwarencommissie" in rows.values()


def test_hidden_yes_or_no_settings_keep_their_value(hr, org):
    draft = draft_of(actor=org.hr)
    hr.post(
        f"/regelingen/versions/{draft.pk}/",
        shape_post(
            draft, informant_phases=None, informants_by_employee="on", informant_merge_small_groups=None
        ),
    )
    draft.refresh_from_db()
    assert (draft.informant_phases, draft.informants_by_employee, draft.informant_merge_small_groups) == (
        [],
        True,
        False,
    )
    form = shape_form(hr, draft)
    assert {"informants_by_employee", "informant_merge_small_groups"}.isdisjoint(form.visible)
    assert hr.post(f"/regelingen/versions/{draft.pk}/", form.data).status_code == 302
    draft.refresh_from_db()
    assert (draft.informants_by_employee, draft.informant_merge_small_groups) == (True, False)
