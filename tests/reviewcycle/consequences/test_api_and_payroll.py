"""The consequences through the API (proposed with the scores, read on the review) and in the payroll
export of the cycle (CSV and XLSX, for HR of the units, only final reviews), with a hostile name kept as
text; a reader without the right gets 403 or 404."""

import csv
import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from people.models import Employee
from reviewcycle.models import ConsequenceProposal, Review
from reviewcycle.services import review_finalise, review_object
from tests.downloads import content
from tests.reviewcycle.helpers import advance, fully_mark

pytestmark = pytest.mark.django_db

REASON = "Uitzonderlijke inzet bij de verhuizing van de balie."


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def submit(review, org, **body):
    return api(org.manager.user).post(f"/api/v1/reviews/{review.pk}/submit-scores/", body, format="json")


def scoring(review, org, traveller) -> Review:
    review = advance(review, org, "scoring", traveller)
    fully_mark(review, org.manager.user, rating=3, justification="Toelichting bij het oordeel hier.")
    return review


def test_a_deviation_without_reason_is_a_400_on_the_field(review, org, traveller):
    review = scoring(review, org, traveller)
    response = submit(review, org, consequences=[{"kind": "pay_step_withheld"}])
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["consequences_reason"]
    assert Review.objects.get(pk=review.pk).state == "scoring"


def test_proposed_through_the_api_and_seen_by_the_employee_not_by_others(review, org, traveller):
    review = scoring(review, org, traveller)
    # Another's step: 403 (an outsider: 404), and nothing is stored.
    for user, status in ((org.employee.user, 403), (org.colleague.user, 404)):
        response = api(user).post(
            f"/api/v1/reviews/{review.pk}/submit-scores/",
            {"consequences": [{"kind": "bonus"}]},
            format="json",
        )
        assert response.status_code == status, response.content
    assert not ConsequenceProposal.objects.filter(review=review).exists()
    response = submit(
        review,
        org,
        consequences=[{"kind": "pay_step_granted"}, {"kind": "bonus", "amount": "250.00"}],
        consequences_reason=REASON,
    )
    assert response.status_code == 200, response.content
    shown = response.json()["consequences"]
    assert [(c["kind"], c["amount"]) for c in shown["items"]] == [
        ("pay_step_granted", None),
        ("bonus", "250.00"),
    ]
    assert (shown["reason"], shown["status"]) == (REASON, "proposed")
    mine = api(org.employee.user).get(f"/api/v1/reviews/{review.pk}/").json()["consequences"]
    assert mine == shown
    for outsider in (org.colleague.user, org.hr_elsewhere):
        assert api(outsider).get(f"/api/v1/reviews/{review.pk}/").status_code == 404


def final_with_changed_consequences(review, org, traveller) -> Review:
    """Proposed by default (goed: periodiek granted), objected, upheld with an extra periodiek, scored
    again and finalised."""
    review = scoring(review, org, traveller)
    assert submit(review, org).status_code == 200
    review = advance(Review.objects.get(pk=review.pk), org, "employee_response", traveller)
    review = review_object(review=review, actor=org.employee.user, grounds="Mijn inzet telt niet mee.")
    response = api(org.hr).post(
        f"/api/v1/reviews/{review.pk}/decide-objection/",
        {
            "decision": "upheld",
            "reason": "De inzet bij de verhuizing rechtvaardigt een extra periodiek.",
            "consequences": [{"kind": "pay_step_granted"}, {"kind": "pay_step_extra"}],
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["consequences"]["status"] == "changed"
    assert submit(Review.objects.get(pk=review.pk), org).status_code == 200
    review = advance(Review.objects.get(pk=review.pk), org, "second_review", traveller)
    return review_finalise(review=review, actor=review.second_reviewer.user)


def test_the_payroll_export_holds_the_confirmed_consequences(review, org, traveller):
    review = final_with_changed_consequences(review, org, traveller)
    trail = [
        (event.transition, event.actor, event.new_value)
        for event in review.events.filter(transition__contains="consequences").order_by("created_at", "id")
    ]
    granted = {"kind": "pay_step_granted", "amount": None, "note": ""}
    extra = {"kind": "pay_step_extra", "amount": None, "note": ""}
    assert [(kind, actor) for kind, actor, _new in trail] == [
        ("propose_consequences", org.manager.user),
        ("change_consequences", org.hr),
        ("confirm_consequences", review.second_reviewer.user),
    ]
    assert trail[0][2]["consequences"] == [granted]
    assert trail[1][2]["consequences"] == [granted, extra]
    assert trail[2][2] == {"confirmed": True, "effective_date": "2026-12-01"}
    Employee.objects.filter(pk=org.employee.pk).update(name='=HYPERLINK("http://evil.example","x")')
    detail = api(org.employee.user).get(f"/api/v1/reviews/{review.pk}/").json()["consequences"]
    assert (detail["status"], detail["effective_date"]) == ("confirmed", "2026-12-01")

    response = api(org.hr).get(f"/api/v1/cycles/{review.cycle_id}/payroll/?format=csv&language=en")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(content(response).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Employee number", "Employee"]
    number = org.employee.employee_number
    assert [(r[0], r[1], r[6], r[9]) for r in rows[1:]] == [
        (number, '\'=HYPERLINK("http://evil.example","x")', "pay_step_granted", "2026-12-01"),
        (number, '\'=HYPERLINK("http://evil.example","x")', "pay_step_extra", "2026-12-01"),
    ]

    response = api(org.hr).get(f"/api/v1/cycles/{review.cycle_id}/payroll/?format=xlsx")
    sheet = load_workbook(io.BytesIO(content(response))).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][5] == "Gevolg"
    assert [row[5] for row in values[1:]] == ["Periodiek toegekend", "Extra periodiek"]
    assert sheet.cell(row=2, column=2).data_type == "s"  # the hostile name stays text
    assert str(values[1][9])[:10] == "2026-12-01"


def test_only_final_reviews_and_only_hr_of_the_units(review, org, traveller):
    review = scoring(review, org, traveller)
    assert submit(review, org).status_code == 200  # proposed, not final
    url = f"/api/v1/cycles/{review.cycle_id}/payroll/?format=csv"
    rows = list(csv.reader(io.StringIO(content(api(org.hr).get(url)).decode("utf-8-sig")), delimiter=";"))
    assert rows[1:] == []
    assert api(org.manager.user).get(url).status_code == 403
    assert api(org.hr_elsewhere).get(url).status_code == 404


def test_the_hr_cycle_page_links_the_payroll_export(review, org):
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(org.hr)
    html = client.get(f"/reports/cycles/{review.cycle_id}/").content.decode()
    assert "Gevolgen voor de salarisadministratie" in html
    assert f"/api/v1/cycles/{review.cycle_id}/payroll/?format=xlsx" in html
