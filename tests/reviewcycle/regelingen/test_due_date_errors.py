"""A due date out of order is shown beside the date it names (UX walk: it was shown at the top only, or
beside the first date): after a save that cannot be published yet, and after a refused publish. The API
keeps the error on ``due_offsets``."""

import pytest
from django.test import Client

from reviewcycle.forms.regelingen import ShapeForm
from reviewcycle.shapes.rules import due_offsets_problem
from tests.language import speaking
from tests.reviewcycle.regelingen.helpers import draft_of
from tests.reviewcycle.regelingen.test_pages import error_next_to, shape_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(org, builtin):
    client = speaking(Client(), "nl")
    client.force_login(org.hr)
    return client


def test_the_rule_names_the_date_it_concerns(org, builtin):
    draft = draft_of(actor=org.hr)
    draft.due_offsets = {**draft.due_offsets, "scoring_due": 4}
    field, message = due_offsets_problem(draft)
    assert field == "scoring_due"
    assert "in order" in message
    assert ShapeForm(instance=draft).fields_for("due_offsets") == ["scoring_due"]
    draft.due_offsets = {**draft.due_offsets, "scoring_due": 10, "appraisal_due": 14}
    assert due_offsets_problem(draft)[0] == "appraisal_due"
    draft.due_offsets = {"planning_due": 2}
    assert due_offsets_problem(draft)[0] == "progress_due"


def test_after_saving_the_order_error_is_beside_the_date_out_of_order(hr, org):
    draft = draft_of(actor=org.hr)
    response = hr.post(
        f"/regelingen/versions/{draft.pk}/",
        shape_post(draft, planning_due="6", progress_due="3"),
        follow=True,
    )
    page = response.content.decode()
    assert "Opgeslagen; zo kan de regeling nog niet gepubliceerd worden" in page
    assert "komt voor" in error_next_to(page, "progress_due")
    assert '<a href="#id_progress_due">' in page  # the summary at the top links to it


def test_after_a_refused_publish_the_order_error_is_beside_the_date_out_of_order(hr, org):
    draft = draft_of(actor=org.hr)
    hr.post(f"/regelingen/versions/{draft.pk}/", shape_post(draft, scoring_due="4"))
    response = hr.post(f"/regelingen/versions/{draft.pk}/publish/", {"confirm": "yes"}, follow=True)
    page = response.content.decode()
    assert "komt voor" in error_next_to(page, "scoring_due")
    assert "komt voor" not in page.split('id="id_planning_due"')[1].split('id="id_progress_due"')[0]
