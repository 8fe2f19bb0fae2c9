"""On the page: the manager proposes the consequences with the scores (the default ticked; a different
choice without a reason refused in Dutch next to the reason field); the employee sees them on the
record and on the appraisal PDF."""

import re

import pytest
from django.test import Client

from people.models import Employee
from reviewcycle.models import ConsequenceProposal, Review
from tests.reports import needs_pdftotext
from tests.reports.test_review_pdf import flat, pdf_text
from tests.reviewcycle.consequences.test_api_and_payroll import final_with_changed_consequences, scoring
from tests.reviewcycle.helpers import advance
from tests.reviewcycle.test_record_page import page, visible_text

pytestmark = pytest.mark.django_db

URL = "/reviews/{pk}/scoring/"


def posted(html: str) -> dict:
    """The scoring form as the page fills it in (every mark, rating and text as shown), to submit."""
    data = {}
    for tag in re.findall(r"<(?:input|select|textarea)[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if name is None or name.group(1) in ("csrfmiddlewaretoken",):
            continue
        value = re.search(r'value="([^"]*)"', tag)
        if 'type="radio"' in tag or 'type="checkbox"' in tag:
            if "checked" in tag:
                data.setdefault(name.group(1), []).append(value.group(1))
        elif tag.startswith("<input"):
            data[name.group(1)] = value.group(1) if value else ""
    return data


def test_the_scoring_page_ticks_the_default_and_refuses_a_change_without_reason_in_dutch(
    review, org, traveller
):
    review = scoring(review, org, traveller)
    Employee.objects.update(preferred_language="nl")
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(org.manager.user)
    html = client.get(URL.format(pk=review.pk)).content.decode()
    assert "Gevolgen van de beoordeling" in html
    ticked = re.search(r'<input[^>]*value="pay_step_granted"[^>]*>', html).group(0)
    assert "checked" in ticked
    data = posted(html)
    for name in re.findall(r'<select name="([^"]+)"', html):
        data.setdefault(name, "3" if name.endswith("rating") and name != "overall_rating" else "")
    data.update({"submit": "1", "consequences": ["pay_step_withheld"]})

    refused = client.post(URL.format(pk=review.pk), data)
    assert refused.status_code == 400
    text = refused.content.decode()
    message = "Deze gevolgen wijken af van de standaard bij dit eindoordeel: geef een reden."
    assert message in text
    after_field = text[text.index('id="id_consequences_reason"') :]
    assert message in after_field[:1500]  # next to the reason field
    assert Review.objects.get(pk=review.pk).state == "scoring"
    assert not ConsequenceProposal.objects.filter(review=review).exists()

    data.update(
        {
            "consequences": ["pay_step_withheld", "development"],
            "consequences_reason": "Afspraken niet nagekomen.",
        }
    )
    done = client.post(URL.format(pk=review.pk), data)
    assert done.status_code == 302, done.content.decode()[:3000]
    proposal = ConsequenceProposal.objects.get(review=review)
    assert sorted(proposal.items.values_list("kind", flat=True)) == ["development", "pay_step_withheld"]


def test_left_as_shown_the_default_for_the_rating_applies(review, org, traveller):
    review = scoring(review, org, traveller)
    client = Client()
    client.force_login(org.manager.user)
    html = client.get(URL.format(pk=review.pk)).content.decode()
    data = {**posted(html), "submit": "1"}
    for name in re.findall(r'<select name="([^"]+)"', html):
        data.setdefault(name, "3" if name.endswith("rating") and name != "overall_rating" else "")
    assert client.post(URL.format(pk=review.pk), data).status_code == 302
    proposal = ConsequenceProposal.objects.get(review=review)
    assert list(proposal.items.values_list("kind", flat=True)) == ["pay_step_granted"]


@needs_pdftotext
def test_the_employee_sees_them_on_the_record_and_the_pdf(review, org, traveller):
    review = final_with_changed_consequences(review, org, traveller)
    text = visible_text(page(Client(), org.employee.user, review))
    assert "Gevolgen van de beoordeling" in text
    assert "Periodiek toegekend" in text
    assert "Extra periodiek" in text
    assert "Bevestigd bij de vaststelling — ingaand op 1 december 2026" in text
    client = Client()
    client.force_login(org.employee.user)
    response = client.get(f"/reviews/{review.pk}/pdf/?form=appraisal")
    assert response.status_code == 200
    printed = flat(pdf_text(response.content))
    assert "Gevolgen van de beoordeling" in printed
    assert "Extra periodiek" in printed


def test_hr_changes_them_on_the_page_when_upholding_the_objection(review, org, traveller):
    from reviewcycle.services import review_object, review_submit_scores

    review = scoring(review, org, traveller)
    review_submit_scores(review=review, actor=org.manager.user)
    review = advance(Review.objects.get(pk=review.pk), org, "employee_response", traveller)
    review = review_object(review=review, actor=org.employee.user, grounds="Mijn inzet telt niet mee.")
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(org.hr)
    html = client.get(f"/reviews/{review.pk}/").content.decode()
    assert "Alleen als je de bedenkingen overneemt" in html
    url = f"/reviews/{review.pk}/steps/decide-objection/"
    data = {
        "decide_objection-decision": "upheld",
        "decide_objection-reason": "De inzet bij de verhuizing rechtvaardigt een extra periodiek.",
        "decide_objection-consequences_shown": "True",
        "decide_objection-consequences": ["pay_step_granted", "pay_step_extra"],
    }
    asked = client.post(url, data)
    assert asked.status_code == 200
    assert "Extra periodiek" in asked.content.decode()  # in the summary to confirm
    assert client.post(url, {**data, "confirmed": "1"}).status_code == 302
    proposal = ConsequenceProposal.objects.get(review=review)
    assert sorted(proposal.items.values_list("kind", flat=True)) == ["pay_step_extra", "pay_step_granted"]
    assert proposal.source == "objection"
