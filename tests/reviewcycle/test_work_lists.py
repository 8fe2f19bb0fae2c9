"""The work lists: HR's review list (filters, scope, export of the filtered list), the objection register,
the manager's team and the second reviewer's reviews; each list's queries do not grow with its rows."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from people.models import OrgUnit
from people.services import hr_grant
from reviewcycle.models import Review, ReviewCycle, ReviewEvent
from tests.downloads import content
from tests.factories import UserFactory
from tests.language import speaking
from tests.test_query_budgets import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return speaking(Client(), "en")  # pages follow the switch (or the person), not the browser


def csv_names(response) -> list[str]:
    rows = list(csv.reader(io.StringIO(content(response).decode("utf-8-sig")), delimiter=";"))
    return sorted(row[1] for row in rows[1:])


def test_hr_list_searches_filters_and_exports_only_the_filtered_reviews(org, cycle, client):
    Review.objects.filter(employee=org.employee).update(due_date=datetime.date(2026, 1, 1))
    client.force_login(org.hr)
    page = client.get(
        f"/cycles/{cycle.pk}/reviews/", {"manager_search": "max", "overdue": "true", "state": ""}
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "Eva Employee" in body
    assert "Cor Collega" not in body
    assert "Otto Ander" not in body
    assert 'data-label="Whose turn"' in body
    assert "overdue" in body
    assert 'name="manager_search"' in body
    assert "<select" in body
    assert f"cycle={cycle.pk}" in body  # the export link carries the filters
    export = client.get(
        "/api/v1/reviews/export/",
        {"cycle": cycle.pk, "manager_search": "max", "overdue": "true", "format": "csv", "language": "en"},
    )
    assert csv_names(export) == ["Eva Employee"]
    everything = client.get("/api/v1/reviews/export/", {"cycle": cycle.pk, "format": "csv"})
    assert len(csv_names(everything)) == 5


def test_hr_list_is_hr_only_and_scoped(org, cycle, client):
    client.force_login(org.manager.user)
    assert client.get(f"/cycles/{cycle.pk}/reviews/").status_code in (403, 404)
    client.force_login(org.hr_elsewhere)
    assert client.get(f"/cycles/{cycle.pk}/reviews/").status_code == 404
    financien = UserFactory(username="fenna-hr")
    hr_grant(user=financien, org_units=[org.other_team], actor=None)
    client.force_login(financien)
    body = client.get(f"/cycles/{cycle.pk}/reviews/").content.decode()
    assert "Otto Ander" in body
    assert "Eva Employee" not in body
    assert client.get("/reviews/")["Location"] == f"/cycles/{cycle.pk}/reviews/"
    bad = client.get(f"/cycles/{cycle.pk}/reviews/", {"org_unit": "abc"})
    assert bad.status_code == 200
    assert 'aria-invalid="true"' in bad.content.decode()


def test_hr_sends_a_reminder_for_the_chosen_reviews_only(org, cycle, client):
    """Runs once notifications' reminder form (``notifications:send-reminders``) is there."""
    try:
        remind_url = reverse("notifications:send-reminders")
    except NoReverseMatch:
        pytest.skip("notifications' send-reminders view is not on this branch yet")
    eva = Review.objects.get(employee=org.employee)
    client.force_login(org.hr)
    page = client.get(f"/cycles/{cycle.pk}/reviews/").content.decode()
    assert f'name="review" value="{eva.pk}" form="remind-chosen"' in page
    sent = client.post(
        remind_url,
        {"scope": "selected", "which": "open", "review": [eva.pk], "next": f"/cycles/{cycle.pk}/reviews/"},
    )
    assert sent.status_code == 302
    reminded = set(
        ReviewEvent.objects.filter(transition="send_reminder").values_list(
            "review__employee__name", flat=True
        )
    )
    assert reminded == {"Eva Employee"}


def test_objection_register_shows_open_and_decided_objections_and_exports_them(org, cycle, client):
    lodged = timezone.now()
    Review.objects.filter(employee=org.employee).update(
        state=Review.State.OBJECTION, objected_at=lodged, objection_grounds="De score klopt niet."
    )
    Review.objects.filter(employee=org.colleague).update(
        state=Review.State.SECOND_REVIEW,
        objected_at=lodged,
        objection_grounds="Te streng.",
        objection_decision="rejected",
        objection_decision_reason="Goed onderbouwd.",
        objection_decided_at=lodged + datetime.timedelta(days=2),
    )
    client.force_login(org.hr)
    body = client.get("/objections/").content.decode()
    assert "De score klopt niet." in body
    assert "Te streng." in body
    assert "Goed onderbouwd." in body
    assert "15 January 2026" in body  # lodged
    assert "12 February 2026" in body  # the term: 28 days later
    decided = client.get("/objections/", {"objection": "decided"}).content.decode()
    assert "Te streng." in decided
    assert "De score klopt niet." not in decided
    export = client.get("/reports/objections.csv", {"objection": "open", "language": "en"})
    assert export.status_code == 200
    rows = list(csv.reader(io.StringIO(content(export).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][4:7] == ["Lodged on", "Decide by", "Grounds"]
    assert [row[1] for row in rows[1:]] == ["Eva Employee"]
    assert rows[1][4:7] == ["2026-01-15", "2026-02-12", "De score klopt niet."]
    client.force_login(org.manager.user)
    assert client.get("/reports/objections.csv").status_code == 403


def test_team_names_the_cycle_whose_turn_and_shows_a_person_in_two_cycles_twice(org, cycle, client):
    second = ReviewCycle.objects.create(
        name="Proeftijd 2026",
        framework_version=cycle.framework_version,
        rating_scale=cycle.rating_scale,
        state=ReviewCycle.State.OPEN,
        **{due: getattr(cycle, due) for due in ("planning_due", "progress_due", "self_assessment_due")},
        **{due: getattr(cycle, due) for due in ("scoring_due", "appraisal_due")},
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2027, 6, 30),
    )
    Review.objects.create(
        cycle=second, employee=org.employee, manager=org.manager, org_unit=org.team, state="plan_signoff"
    )
    client.force_login(org.manager.user)
    body = client.get("/team/").content.decode()
    assert body.count("Eva Employee</a>") == 2
    assert "Proeftijd 2026" in body
    assert "Gesprekscyclus 2026" in body
    assert ">Manager<" in body
    assert ">Employee<" in body
    assert "1 March 2026" in body
    filtered = client.get("/team/", {"search": "cor"}).content.decode()
    assert "Cor Collega" in filtered
    assert "Eva Employee" not in filtered


def test_second_reviewer_sees_every_review_they_second_in_any_state(org, cycle, client):
    Review.objects.filter(employee=org.employee).update(second_reviewer=org.director, state="second_review")
    Review.objects.filter(employee=org.colleague).update(second_reviewer=org.director, state="scoring")
    client.force_login(org.director.user)
    body = client.get("/second-review/").content.decode()
    to_finalise, all_of_them = body.split("All reviews where you are second reviewer")
    assert "Eva Employee" in to_finalise
    assert "Cor Collega" not in to_finalise
    assert "Eva Employee" in all_of_them
    assert "Cor Collega" in all_of_them


LISTS = [
    ("/cycles/{cycle}/reviews/?search=Medewerker&overdue=true&sort=unit", "hr", "planning"),
    ("/cycles/{cycle}/reviews/", "hr", "second_review"),
    ("/objections/?objection=open", "hr", "objection"),
    ("/team/?phase=planning", "boss", "planning"),
    ("/second-review/", "top", "second_review"),
    ("/api/v1/reviews/export/?format=csv&search=Medewerker&phase=closing", "hr", "second_review"),
]


def made_with(rows: int, state: str) -> dict:
    """``build(rows)`` with the reports' reviews in ``state``, beside another organisation (so that HR
    is HR of one organisation in both measurements, not of everything in the first)."""
    made = build(rows)
    OrgUnit.objects.get_or_create(name="Buurgemeente", kind="organisation", parent=None)
    made["staff"].update(state=state, objected_at=timezone.now(), second_reviewer=made["top"].employee)
    return made


@pytest.mark.parametrize(("url", "who", "state"), LISTS)
def test_each_list_takes_the_same_queries_for_3_and_30_reviews(
    url, who, state, django_assert_max_num_queries
):
    small = made_with(3, state)
    client = Client()
    client.force_login(small[who])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url.format(cycle=small["cycle"].pk))
        small_size = len(content(response))  # a streamed export's rows are read (and queried) here
    assert response.status_code == 200
    large = made_with(30, state)
    client.force_login(large[who])
    with django_assert_max_num_queries(len(queries)):
        response = client.get(url.format(cycle=large["cycle"].pk))
        large_size = len(content(response))
    assert response.status_code == 200
    assert large_size > small_size  # the 30 rows are really listed


def test_the_hr_list_and_its_export_hold_the_same_reviews_for_hr_with_other_roles(org, cycle, client):
    """Max is HR of Financiën and manager in Burgerzaken: his HR list of the cycle is Financiën's
    reviews, and "Export this list" exports exactly those (not his own review nor his team's)."""
    hr_grant(user=org.manager.user, org_units=[org.other_team], actor=None)
    client.force_login(org.manager.user)
    page = client.get(f"/cycles/{cycle.pk}/reviews/")
    assert sorted(row["review"].employee.name for row in page.context["rows"]) == ["Olaf Ander", "Otto Ander"]
    export_query = page.context["export_query"]
    exported = client.get(f"/api/v1/reviews/export/?{export_query}&format=csv&language=en")
    assert csv_names(exported) == ["Olaf Ander", "Otto Ander"]


def test_hr_of_the_whole_organisation_finds_no_own_review_in_the_hr_list(org, cycle, client):
    """An HR person who is an employee too: their own review is no HR work (nor in its export)."""
    hr_grant(user=org.manager.user, org_units=[org.root], actor=None)
    client.force_login(org.manager.user)
    page = client.get(f"/cycles/{cycle.pk}/reviews/")
    listed = sorted(row["review"].employee.name for row in page.context["rows"])
    assert listed == ["Cor Collega", "Eva Employee", "Olaf Ander", "Otto Ander"]
    exported = client.get(f"/api/v1/reviews/export/?{page.context['export_query']}&format=csv")
    assert csv_names(exported) == listed
