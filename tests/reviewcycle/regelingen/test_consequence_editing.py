"""HR chooses a draft's consequences of the appraisal on its page (issue 20): the allowed kinds and the
defaults per point of the rating scale, checked in Dutch beside the field; a shape without scores has
none; a published version shows them read-only and refuses a change (409); publish refuses defaults
that are not allowed or exclude each other."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from reviewcycle.models import CycleTemplateEvent, TemplateConsequence, TemplateConsequenceDefault
from reviewcycle.shapes.editing import PublishedIsImmutableError, template_consequences_update
from reviewcycle.shapes.services import cycle_template_version_publish
from tests.language import speaking
from tests.reviewcycle.regelingen.helpers import draft_of, published
from tests.reviewcycle.regelingen.test_pages import error_next_to

pytestmark = pytest.mark.django_db


def consequences_of(version) -> tuple[set, dict]:
    allowed = set(TemplateConsequence.objects.filter(version=version).values_list("kind", flat=True))
    defaults: dict[int, set] = {}
    for value, kind in TemplateConsequenceDefault.objects.filter(version=version).values_list(
        "rating_value", "kind"
    ):
        defaults.setdefault(value, set()).add(kind)
    return allowed, defaults


@pytest.fixture
def hr(org, builtin):
    client = speaking(Client(), "nl")
    client.force_login(org.hr)
    return client


def test_the_service_replaces_allowed_kinds_and_defaults_and_audits_old_and_new(builtin, org):
    draft = draft_of(actor=org.hr)
    template_consequences_update(
        version=draft,
        actor=org.hr,
        allowed=["pay_step_granted", "pay_step_withheld", "bonus"],
        defaults={1: ["pay_step_withheld"], 5: ["pay_step_granted", "bonus"]},
    )
    assert consequences_of(draft) == (
        {"pay_step_granted", "pay_step_withheld", "bonus"},
        {1: {"pay_step_withheld"}, 5: {"pay_step_granted", "bonus"}},
    )
    event = CycleTemplateEvent.objects.filter(version=draft).latest("id")
    assert event.kind == CycleTemplateEvent.Kind.SHAPE_CHANGED
    assert event.actor == org.hr
    assert event.payload["fields"] == ["consequences"]
    assert event.payload["new"] == {
        "allowed": ["pay_step_granted", "pay_step_withheld", "bonus"],
        "defaults": {"1": ["pay_step_withheld"], "5": ["pay_step_granted", "bonus"]},
    }
    assert event.payload["old"]["defaults"]["1"] == ["pay_step_withheld", "development"]
    count = CycleTemplateEvent.objects.count()
    template_consequences_update(
        version=draft,
        actor=org.hr,
        allowed=["bonus", "pay_step_withheld", "pay_step_granted"],
        defaults={5: ["bonus", "pay_step_granted"], 1: ["pay_step_withheld"], 3: []},
    )
    assert CycleTemplateEvent.objects.count() == count  # nothing changed: no event
    cycle_template_version_publish(version=draft, actor=org.hr)


@pytest.mark.parametrize(
    ("allowed", "defaults", "field", "message"),
    [
        (["bonus"], {1: ["pay_step_withheld"]}, "default_1", "is not one of the consequences"),
        (
            ["pay_step_granted", "pay_step_withheld"],
            {2: ["pay_step_granted", "pay_step_withheld"]},
            "default_2",
            "exclude each other",
        ),
        (["bonus"], {9: ["bonus"]}, "default_9", "not a point on the rating scale"),
        (["salary_doubled"], {}, "allowed", "not a known kind"),
    ],
)
def test_the_service_refuses_what_publish_would_refuse_by_field(
    builtin, org, allowed, defaults, field, message
):
    draft = draft_of(actor=org.hr)
    before = consequences_of(draft)
    with pytest.raises(ValidationError) as refused:
        template_consequences_update(version=draft, actor=org.hr, allowed=allowed, defaults=defaults)
    assert message in " ".join(refused.value.message_dict[field])
    assert consequences_of(draft) == before


def test_a_shape_without_scores_has_no_consequences_and_a_published_version_none_changed(builtin, org):
    draft = draft_of("goede-gesprekken", actor=org.hr)
    with pytest.raises(ValidationError) as refused:
        template_consequences_update(version=draft, actor=org.hr, allowed=["development"], defaults={})
    assert "need an appraisal with scores" in refused.value.message_dict["allowed"][0]
    template_consequences_update(version=draft, actor=org.hr, allowed=[], defaults={})  # clearing is fine
    with pytest.raises(PublishedIsImmutableError):
        template_consequences_update(version=published(), actor=org.hr, allowed=[], defaults={})
    assert consequences_of(published())[0]


def test_hr_chooses_allowed_kinds_and_defaults_per_point_of_the_scale(hr, org):
    draft = draft_of(actor=org.hr)
    page = hr.get(f"/regelingen/versions/{draft.pk}/").content.decode()
    assert 'name="allowed"' in page
    assert 'name="default_1"' in page
    assert 'name="default_5"' in page
    assert "1 · onvoldoende" in page
    response = hr.post(
        f"/regelingen/versions/{draft.pk}/consequences/",
        {"allowed": ["pay_step_granted", "pay_step_withheld"], "default_1": ["pay_step_withheld"]},
    )
    assert response.status_code == 302
    assert response.url == f"/regelingen/versions/{draft.pk}/"
    assert consequences_of(draft) == ({"pay_step_granted", "pay_step_withheld"}, {1: {"pay_step_withheld"}})


def test_a_default_not_allowed_or_exclusive_together_is_a_dutch_error_beside_its_field(hr, org):
    draft = draft_of(actor=org.hr)
    before = consequences_of(draft)
    url = f"/regelingen/versions/{draft.pk}/consequences/"
    response = hr.post(url, {"allowed": ["pay_step_granted"], "default_1": ["bonus"]})
    assert response.status_code == 400
    assert "geen gevolg dat deze regeling toestaat" in error_next_to(response.content.decode(), "default_1")
    response = hr.post(
        url,
        {
            "allowed": ["pay_step_granted", "pay_step_withheld"],
            "default_2": ["pay_step_granted", "pay_step_withheld"],
        },
    )
    assert response.status_code == 400
    assert "sluiten elkaar uit" in error_next_to(response.content.decode(), "default_2")
    assert consequences_of(draft) == before


def test_without_scores_the_page_says_so_instead_of_the_form(hr, org):
    draft = draft_of("goede-gesprekken", actor=org.hr)
    page = hr.get(f"/regelingen/versions/{draft.pk}/").content.decode()
    assert 'name="allowed"' not in page
    assert "geen scores" in page


def test_a_published_version_shows_its_consequences_read_only_and_refuses_a_change(hr, org):
    version = published()
    page = hr.get(f"/regelingen/versions/{version.pk}/").content.decode()
    assert 'name="allowed"' not in page
    assert "Periodiek onthouden" in page
    response = hr.post(f"/regelingen/versions/{version.pk}/consequences/", {"allowed": ["bonus"]})
    assert response.status_code == 409
    assert consequences_of(version)[0] != {"bonus"}


def test_publish_shows_a_consequence_refusal_on_the_page(hr, org):
    draft = draft_of(actor=org.hr)
    TemplateConsequence.objects.filter(version=draft, kind="pay_step_withheld").delete()
    response = hr.post(f"/regelingen/versions/{draft.pk}/publish/", {"confirm": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/regelingen/versions/{draft.pk}/"
    assert "geen gevolg dat deze regeling toestaat" in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_editable


@pytest.mark.parametrize("who", ["manager", "employee"])
def test_others_may_not_change_consequences(org, builtin, who):
    draft = draft_of(actor=org.hr)
    before = consequences_of(draft)
    client = Client()
    client.force_login(getattr(org, who).user)
    response = client.post(f"/regelingen/versions/{draft.pk}/consequences/", {"allowed": ["bonus"]})
    assert response.status_code == 403
    assert consequences_of(draft) == before


def test_consequences_left_after_scores_went_off_are_shown_and_removed(hr, org):
    draft = draft_of(actor=org.hr)
    draft.has_scores = False
    draft.save(update_fields=["has_scores"])
    response = hr.post(f"/regelingen/versions/{draft.pk}/publish/", {"confirm": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/regelingen/versions/{draft.pk}/"
    assert "daarvoor is een beoordeling met scores nodig" in response.content.decode()
    assert hr.post(f"/regelingen/versions/{draft.pk}/consequences/").status_code == 302
    assert consequences_of(draft) == (set(), {})
    assert "De gevolgen verwijderen" not in hr.get(f"/regelingen/versions/{draft.pk}/").content.decode()


def test_the_version_page_costs_the_same_however_many_consequences(hr, org, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    draft = draft_of(actor=org.hr)
    url = f"/regelingen/versions/{draft.pk}/"
    with CaptureQueriesContext(connection) as full:
        assert hr.get(url).status_code == 200
    template_consequences_update(version=draft, actor=org.hr, allowed=[], defaults={})
    with django_assert_max_num_queries(len(full.captured_queries)):
        assert hr.get(url).status_code == 200
    template_consequences_update(
        version=draft, actor=org.hr, allowed=["bonus"], defaults={value: ["bonus"] for value in range(1, 6)}
    )
    with django_assert_max_num_queries(len(full.captured_queries)):
        assert hr.get(url).status_code == 200
