"""Migrating to regelingen (reviewcycle 0020–0022): every cycle made before them runs on *Gemeentelijk*
version 1, and nothing of its reviews changes: not a state, a score, an event or a line of a PDF form."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.forms.models import model_to_dict

from reports.pdf import render_review_form
from reviewcycle.generator import generate_org
from reviewcycle.models import (
    CompetencyAssessment,
    CycleTemplateVersion,
    Goal,
    IndicatorMark,
    Review,
    ReviewCycle,
    ReviewEvent,
)
from reviewcycle.record.form import review_form
from tests.reports import needs_pdftotext
from tests.reports.test_review_pdf import pdf_text

BEFORE = ("reviewcycle", "0019_cycle_due_dates_moved")


def everything(cycle: ReviewCycle, hr) -> dict:
    """What a cycle's reviews hold, row by row, and the text of each review's PDF form as HR reads it."""
    reviews = Review.objects.filter(cycle=cycle).order_by("pk")
    rows = {
        "reviews": [model_to_dict(review) for review in reviews],
        "assessments": list(CompetencyAssessment.objects.filter(review__cycle=cycle).order_by("pk").values()),
        "marks": list(IndicatorMark.objects.filter(assessment__review__cycle=cycle).order_by("pk").values()),
        "goals": list(Goal.objects.filter(review__cycle=cycle).order_by("pk").values()),
        "events": list(ReviewEvent.objects.filter(review__cycle=cycle).order_by("pk").values()),
    }
    rows["pdfs"] = [pdf_text(render_review_form(review_form(user=hr, pk=review.pk))) for review in reviews]
    return rows


@needs_pdftotext
@pytest.mark.django_db(transaction=True)
def test_cycles_in_every_state_run_on_gemeentelijk_with_nothing_changed():
    with time_machine.travel(datetime.datetime(2026, 11, 15, 10, tzinfo=datetime.UTC), tick=False):
        generated = generate_org(employees=40, seed=7)
        cycle, hr = generated.cycle, generated.hr
        states = set(Review.objects.filter(cycle=cycle).values_list("state", flat=True))
        assert states >= {"planning", "in_progress", "scoring", "employee_response", "second_review", "final"}
        before = everything(cycle, hr)
        try:
            call_command("migrate", *BEFORE, verbosity=0)
        finally:
            call_command("migrate", verbosity=0)
        cycle.refresh_from_db()
        after = everything(cycle, hr)
    version = cycle.template_version
    assert (version.template.slug, version.number, version.status) == (
        "gemeentelijk",
        1,
        CycleTemplateVersion.Status.PUBLISHED,
    )
    assert (version.has_scores, version.has_second_review, version.min_progress_talks) == (True, True, 1)
    for part in before:
        assert after[part] == before[part], part
    # 0024: Gemeentelijk v1 got its talk forms (0031: and the informant form), and no review got an answer (so
    # no PDF line changed above).
    talks = set(version.talk_forms.values_list("talk", flat=True))
    assert talks == {"planning", "progress", "appraisal", "informant"}
    assert not Review.objects.filter(cycle=cycle, talk_answers__isnull=False).exists()
