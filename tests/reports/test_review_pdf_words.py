"""The appraisal form explains the proposed rating in words (issue 18): it goes into the employee's
personnel file, so no formula; the formula stays in the help text of the manager's scoring page."""

import pytest

from people.models import Employee
from reports.pdf import render_review_form
from reviewcycle.record import review_form
from tests.reports import needs_pdftotext
from tests.reports.test_review_pdf import appraised, flat, pdf_text  # noqa: F401 (a fixture)
from tests.reviewcycle.helpers import advance

pytestmark = [pytest.mark.django_db]

FORMULA_SIGNS = ("f =", "f <", "½", "⅓", "⅔")


def dutch_employee(org):
    org.employee.preferred_language = "nl"
    org.employee.save(update_fields=["preferred_language"])


@needs_pdftotext
def test_the_dutch_appraisal_form_explains_the_proposal_in_words(appraised, org):  # noqa: F811
    dutch_employee(org)
    text = flat(pdf_text(render_review_form(review_form(user=org.hr, pk=appraised.pk, kind="appraisal"))))
    assert "Een indicator die deels is getoond, telt voor de helft." in text
    assert "Is minder dan een derde van de indicatoren getoond, dan is het voorstel onvoldoende" in text
    for sign in FORMULA_SIGNS:
        assert sign not in text, sign


def test_the_review_page_says_it_in_words_and_the_scoring_page_keeps_the_formula(
    review, org, client, traveller
):
    review = advance(review, org, "scoring", traveller)
    Employee.objects.update(preferred_language="nl")
    client.force_login(org.manager.user)
    record = client.get(f"/reviews/{review.pk}/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Een indicator die deels is getoond, telt voor de helft." in record
    assert "f = (volledig" not in record
    scoring = client.get(f"/reviews/{review.pk}/scoring/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "f = (volledig + ½ × deels)" in scoring
