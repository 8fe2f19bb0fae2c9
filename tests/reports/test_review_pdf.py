"""Review forms as PDF, read back with pdftotext (poppler-utils) as a person would read them."""

import datetime
import subprocess
import time

import pytest
from rest_framework.test import APIClient

from reports.pdf import render_review_form
from reviewcycle.models import IndicatorMark, ReviewAccess
from reviewcycle.record import review_form
from reviewcycle.services import assessment_score, review_finalise
from tests.reports import needs_pdftotext
from tests.reviewcycle.helpers import advance

pytestmark = [pytest.mark.django_db, needs_pdftotext]

SCRIPT = "<script>alert('x')</script> & <b>vet</b> 🙂"


def pdf_text(pdf: bytes, *, layout: bool = False) -> str:
    args = ["pdftotext", *(["-layout"] if layout else []), "-", "-"]
    return subprocess.run(args, input=pdf, capture_output=True, check=True).stdout.decode()


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def appraised(review, org, traveller):
    """Eva's review in second review: scored, talked through, signed as seen with a response."""
    from reviewcycle.services import review_submit_scores
    from tests.reviewcycle.helpers import fully_mark

    employee = org.employee
    employee.name = "Eva Ëlzinga-Çelik"
    employee.save(update_fields=["name"])
    review = advance(review, org, "scoring", traveller)
    fully_mark(review, org.manager.user)
    # One indicator only partly shown, justified with markup-like text: it must print literally.
    first = review.assessments.filter(in_focus=True).order_by("order", "id").first()
    marks = {mark.pk: "fully" for mark in first.marks.all() if not mark.is_next_level}
    marks[min(marks)] = "partly"
    assessment_score(
        assessment=first,
        actor=org.manager.user,
        marks=marks,
        rating=3,
        justification=f"Voorbeelden: café, € 50, naïef. {SCRIPT}",
    )
    review = review_submit_scores(review=type(review).objects.get(pk=review.pk), actor=org.manager.user)
    return advance(review, org, "second_review", traveller, signature="seen")


def test_the_appraisal_form_shows_every_indicator_with_its_mark_ratings_and_signatures(appraised, org):
    review = appraised
    form = review_form(user=org.hr, pk=review.pk, kind="appraisal")
    text = flat(pdf_text(render_review_form(form)))

    assert "Eva Ëlzinga-Çelik" in text
    assert "Voorbeelden: café, € 50, naïef." in text
    assert "<script>alert('x')</script> & <b>vet</b>" in text  # literally, not as markup
    for assessment in review.assessments.filter(in_focus=True).prefetch_related("marks"):
        assert f"{assessment.name} — expected level {assessment.expected_level}" in text
        for mark in assessment.marks.all():
            assert flat(mark.text) in text
    expected = IndicatorMark.objects.filter(assessment__review=review, is_next_level=False)
    assert text.count("Fully shown") == expected.filter(mark="fully").count()
    assert text.count("Partly shown") == 1
    for goal in review.goals.all():
        assert goal.title in text
    assert "Overall rating" in text
    assert review.overall_rating.label in text
    assert "How a rating is proposed" in text  # the legend
    assert "Signed as seen" in text
    assert "Akkoord met de inhoud." in text  # the employee's written response
    assert "Not finalised yet" in text
    assert f"GC-{review.cycle_id}-{review.pk}" in text
    assert "Page 1 of" in text


def test_the_employee_reads_a_dutch_form_and_unsigned_responses_say_so(review, org, traveller):
    from reviewcycle.services import review_expire_response

    org.employee.preferred_language = "nl"
    org.employee.save(update_fields=["preferred_language"])
    review = advance(review, org, "employee_response", traveller)
    traveller.shift(60 * 60 * 24 * 20)
    review = review_expire_response(review=review)
    review_finalise(review=review, actor=org.director.user)
    text = flat(pdf_text(render_review_form(review_form(user=org.employee.user, pk=review.pk))))
    assert "Beoordeling — Eva Employee" in text
    assert "Niet ondertekend" in text
    assert "Pagina 1 van" in text


def test_planning_and_progress_forms(review, org, traveller):
    review = advance(review, org, "self_assessment", traveller)
    planning = flat(
        pdf_text(render_review_form(review_form(user=org.manager.user, pk=review.pk, kind="planning")))
    )
    assert "Wachttijd balie onder 10 minuten (weight 60%)" in planning
    assert "Signed as agreed" in planning
    for assessment in review.assessments.filter(in_focus=True).prefetch_related("marks"):
        assert assessment.name in planning
        for mark in assessment.marks.filter(is_next_level=False):
            assert flat(mark.text) in planning
    progress = flat(
        pdf_text(render_review_form(review_form(user=org.manager.user, pk=review.pk, kind="progress")))
    )
    assert "Loopt op schema." in progress


def test_the_employee_does_not_see_scores_before_they_are_submitted(review, org, traveller):
    from tests.reviewcycle.helpers import fully_mark

    review = advance(review, org, "scoring", traveller)
    fully_mark(
        review, org.manager.user, rating=2, justification="Nog niet op niveau, zie voorbeelden hierboven."
    )
    employee_view = flat(pdf_text(render_review_form(review_form(user=org.employee.user, pk=review.pk))))
    manager_view = flat(pdf_text(render_review_form(review_form(user=org.manager.user, pk=review.pk))))
    assert "Nog niet op niveau" not in employee_view
    assert "Fully shown" not in employee_view
    assert "Nog niet op niveau" in manager_view


def test_a_long_review_splits_across_pages_and_renders_fast(review, org, traveller):
    """12 competencies and 8 long goals (the benchmark measures forms per second)."""
    from frameworks.models import Competency
    from reviewcycle.models import CompetencyAssessment, Goal

    template = review.assessments.prefetch_related("marks").first()
    taken = review.assessments.values("competency_id")
    for number, competency in enumerate(
        Competency.objects.exclude(pk__in=taken)[: 12 - review.assessments.count()]
    ):
        clone = CompetencyAssessment.objects.create(
            review=review,
            competency=competency,
            name=competency.name,
            definition="Omschrijving van de competentie. " * 20,
            expected_level=2,
            order=10 + number,
        )
        IndicatorMark.objects.bulk_create(
            IndicatorMark(
                assessment=clone, text=mark.text, is_next_level=mark.is_next_level, order=mark.order
            )
            for mark in template.marks.all()
        )
    assert review.assessments.count() == 12
    long_text = "Een lange toelichting met details over de afspraak en hoe die gemeten wordt. " * 60
    for number in range(8):
        Goal.objects.create(
            review=review, title=f"Doel {number + 1}", description=long_text, measure=long_text
        )
    form = review_form(user=org.manager.user, pk=review.pk, kind="planning")
    started = time.perf_counter()
    pdf = render_review_form(form)
    elapsed = time.perf_counter() - started
    text = pdf_text(pdf)
    pages = text.count("\f")
    assert pages >= 8
    assert f"Page {pages} of {pages}" in flat(text)
    assert flat(text).count("Omschrijving van de competentie.") == 9 * 20
    print(f"long planning form: {pages} pages in {elapsed * 1000:.0f} ms")


def test_pdf_metadata(appraised, org):
    pdf = render_review_form(review_form(user=org.hr, pk=appraised.pk))
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Title:           Appraisal — Eva Ëlzinga-Çelik" in info
    assert "Author:          Gesprekscyclus" in info
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "DejaVuSans" in fonts
    assert " yes " in fonts


@pytest.mark.parametrize(
    ("who", "page_status", "api_status"),
    [
        ("employee", 200, 200),
        ("manager", 200, 200),
        ("director", 200, 200),  # second reviewer
        ("hr", 200, 200),
        ("colleague", 404, 404),
        ("other_manager", 404, 404),
        ("hr_elsewhere", 404, 404),
    ],
)
def test_the_pdf_is_permission_checked_like_the_review(review, org, client, who, page_status, api_status):
    person = getattr(org, who)
    user = person if not hasattr(person, "user") else person.user
    client.force_login(user)
    assert client.get(f"/reviews/{review.pk}/pdf/").status_code == page_status
    api = APIClient()
    api.force_authenticate(user)
    response = api.get(f"/api/v1/reviews/{review.pk}/pdf/")
    assert response.status_code == api_status
    if api_status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


def test_pdf_requests_without_login_or_with_an_unknown_form(review, org, client):
    assert client.get(f"/reviews/{review.pk}/pdf/").status_code == 302  # to the login page
    assert APIClient().get(f"/api/v1/reviews/{review.pk}/pdf/").status_code in (401, 403)
    client.force_login(org.manager.user)
    response = client.get(f"/reviews/{review.pk}/pdf/?form=beoordeling")
    assert response.status_code == 400
    assert "planning, progress, appraisal" in response.content.decode()


def test_reading_a_final_appraisal_pdf_is_logged(appraised, org, client, traveller):
    traveller.move_to(datetime.datetime(2026, 11, 25, 9, tzinfo=datetime.UTC))  # seen: after the term
    review = review_finalise(review=appraised, actor=org.director.user)
    client.force_login(org.hr)
    assert client.get(f"/reviews/{review.pk}/pdf/").status_code == 200
    client.force_login(org.employee.user)
    assert client.get(f"/reviews/{review.pk}/pdf/").status_code == 200
    assert list(ReviewAccess.objects.filter(review=review).values_list("user", "via")) == [(org.hr.pk, "pdf")]
