"""What the native Dutch HR editor's walk of the pages found (issue 18), each asserted where it was read:
no "---------" or repeated status in the new-cycle form's choices, no double brackets in its labels, the
rating filter's options with a capital, the scoring table's column, the dashboard's "afgerond" and its
percentages with a % sign, and the PDF's signatures table saying what the leidinggevende did."""

import datetime
import re

import pytest
from django.utils import translation

from people.models import Employee
from reports.pdf import render_review_form
from reviewcycle.record import review_form
from tests.reports import needs_pdftotext
from tests.reports.test_review_pdf import flat, pdf_text
from tests.reviewcycle.helpers import advance
from tests.web.test_dutch_dates import Text
from tests.web.test_dutch_wording import dutch, page

pytestmark = pytest.mark.django_db


def test_the_new_cycle_form_offers_choices_without_dashes_or_their_status(org, review):
    form = page(dutch(org.hr), "/cycles/new/")
    options = re.findall(r"<option[^>]*>([^<]*)</option>", form)
    assert "---------" not in options
    assert {"Kies een versie", "Kies een schaal"} <= set(options)
    assert any(re.fullmatch(r".+, versie \d+", option) for option in options), options
    assert not any("(Gepubliceerd)" in option for option in options)
    text = str(Text(form))
    assert not re.search(r"\([^()]*\) \(verplicht\)", text), re.search(r"\([^()]*\) \(verplicht\)", text)
    assert "(verplicht)" in text  # the name and the period still are
    # What the regeling fills may be left empty (UX finding 1): the response term is no longer required.
    assert "Reactietermijn in dagen" in text
    assert "Reactietermijn in dagen (verplicht)" not in text


def test_the_rating_filter_offers_the_ratings_with_a_capital(org, review):
    reviews = page(dutch(org.hr), f"/cycles/{review.cycle_id}/reviews/")
    rating = re.search(r'<select[^>]*name="rating"[^>]*>(.*?)</select>', reviews, re.S).group(1)
    labels = re.findall(r"<option[^>]*>([^<]*)</option>", rating)
    assert len(labels) > 1
    assert all(label[:1].isupper() for label in labels), labels


def test_the_scoring_table_says_how_far_an_indicator_was_shown(org, review, traveller):
    review = advance(review, org, "scoring", traveller)
    scoring = page(dutch(org.manager.user), f"/reviews/{review.pk}/scoring/")
    assert '<th scope="col">Getoond</th>' in scoring
    assert "Markering" not in scoring
    assert "kies niets om het voorstel" in scoring


def test_the_dashboard_says_afgerond_and_shows_percentages_with_a_sign(org, review):
    dashboard = page(dutch(org.hr), f"/reports/cycles/{review.cycle_id}/")
    text = str(Text(dashboard))
    assert re.search(r"\d+ van \d+ afgerond", text), text
    assert " klaar" not in text
    assert re.search(r"Percentage afgerond\">\d+,\d%</td>", dashboard)
    assert "Competenties ten opzichte van het verwachte niveau" in text


@needs_pdftotext
def test_the_pdf_says_what_the_leidinggevende_did_and_gives_the_term_once(org, review, traveller):
    review = advance(review, org, "employee_response", traveller)
    Employee.objects.update(preferred_language="nl")
    with translation.override("nl"):
        form = review_form(user=org.manager.user, pk=review.pk, kind="appraisal")
        text = flat(pdf_text(render_review_form(form)))
    assert "Gesprek vastgelegd" in text
    assert "Te ondertekenen" in text
    assert "uiterlijk" not in text.split("Reactie van de medewerker")[1].split("Termijn")[0]


def test_hrs_list_says_their_own_review_is_left_out(org, review):
    from people.services import hr_grant

    hr_grant(user=org.employee.user, org_units=[org.root], actor=None)  # Eva is HR and has a review
    eva = page(dutch(org.employee.user), f"/cycles/{review.cycle_id}/reviews/")
    assert "je eigen gesprekscyclus staat niet in deze lijst (het dashboard telt hem wel mee)" in eva
    hans = page(dutch(org.hr), f"/cycles/{review.cycle_id}/reviews/")
    assert "je eigen gesprekscyclus" not in hans


@needs_pdftotext
def test_the_progress_form_dates_the_leidinggevendes_line_with_the_progress_talk(org, review, traveller):
    review = advance(review, org, "self_assessment", traveller)  # one progress talk, on 10 June 2026
    Employee.objects.update(preferred_language="nl")
    with translation.override("nl"):
        form = review_form(user=org.manager.user, pk=review.pk, kind="progress")
    (manager_line,) = [line for line in form.signatures if line.name == org.manager.name]
    assert (manager_line.date, manager_line.status) == (datetime.date(2026, 6, 10), "Gesprek vastgelegd")
