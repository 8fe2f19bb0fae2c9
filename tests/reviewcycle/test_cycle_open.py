import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm import TransitionNotAllowed

from frameworks.models import Framework, RatingScale
from frameworks.selectors import current_version
from reviewcycle.models import CompetencyAssessment, IndicatorMark, Review, ReviewEvent
from reviewcycle.services import cycle_close, cycle_create, cycle_open, review_cancel, review_exempt
from tests.reviewcycle.fixtures import cycle_fields

pytestmark = pytest.mark.django_db


def test_opening_creates_one_review_per_employee_with_snapshots(cycle, org):
    reviews = {review.employee.name: review for review in Review.objects.filter(cycle=cycle)}
    # Dora has no manager: no review for her (reported), everyone else has one.
    assert set(reviews) == {"Max Manager", "Eva Employee", "Cor Collega", "Olaf Ander", "Otto Ander"}
    eva = reviews["Eva Employee"]
    assert (eva.state, eva.manager, eva.second_reviewer) == ("planning", org.manager, org.director)
    assert eva.due_date == cycle.planning_due
    assert eva.role_label == "Dienstverlener B"
    assessments = list(eva.assessments.all())
    assert [(a.name, a.expected_level) for a in assessments] == [
        ("Klantgerichtheid", 2),
        ("Resultaatgericht", 2),
        ("Samenwerken", 2),
    ]
    marks = IndicatorMark.objects.filter(assessment=assessments[0])
    assert (
        next(m.text for m in marks if not m.is_next_level)
        == "Is proactief en verdiept zich in de situatie of vraag van de klant."
    )
    assert sum(1 for m in marks if m.is_next_level) == 3
    assert ReviewEvent.objects.filter(review=eva, transition="open").count() == 1
    report = cycle.events.get(action="open").payload
    assert report["created"] == 5
    assert report["without_manager"] == [org.director.employee_number]


def test_snapshot_survives_a_framework_edit(cycle, org, review):
    draft_competency = CompetencyAssessment.objects.filter(review=review).first().competency
    assert draft_competency.version.status == "published"
    before = list(review.assessments.values_list("name", "expected_level"))
    review.employee.role_type = draft_competency.version.role_types.get(family="Uitvoerder", grade="A")
    review.employee.save()
    assert list(review.assessments.values_list("name", "expected_level")) == before


def _queries_to_open(org, extra: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import EmployeeFactory

    for n in range(extra):
        EmployeeFactory(
            org_unit=org.team, manager=org.manager, role_type=org.employee.role_type, name=f"Extra {n}"
        )
    cycle = cycle_create(
        actor=org.hr,
        scope=[org.root],
        framework_version=current_version(framework=Framework.objects.get(slug="kempen-competenties")),
        rating_scale=RatingScale.objects.get(slug="vijfpuntsschaal"),
        # Each its own year: a cycle overlapping another open one for the same people does not open.
        **cycle_fields(2026 + extra, name=f"Cyclus {extra}"),
    )
    with CaptureQueriesContext(connection) as queries:
        report = cycle_open(cycle=cycle, actor=org.hr)
    assert report["created"] == Review.objects.filter(cycle=cycle).count()
    return len(queries)


def test_opening_takes_a_fixed_number_of_queries(org):
    from django.db import connection

    small = _queries_to_open(org, 5)
    large = _queries_to_open(org, 60)
    if connection.vendor == "postgresql":
        assert large == small
    else:
        # SQLite splits a bulk insert at 999 bound variables: one statement per few hundred rows, not one per row.
        assert large - small <= 12
    assert small <= 40


def test_only_hr_of_the_scope_opens_a_cycle(org):
    version = current_version(framework=Framework.objects.get(slug="kempen-competenties"))
    scale = RatingScale.objects.get(slug="vijfpuntsschaal")
    with pytest.raises(PermissionDenied):
        cycle_create(
            actor=org.manager.user,
            scope=[org.root],
            framework_version=version,
            rating_scale=scale,
            **cycle_fields(),
        )
    with pytest.raises(PermissionDenied, match="outside your HR scope"):
        cycle_create(
            actor=org.hr_elsewhere,
            scope=[org.root],
            framework_version=version,
            rating_scale=scale,
            **cycle_fields(),
        )


def test_phase_dates_out_of_order_are_a_validation_error(org):
    import datetime

    version = current_version(framework=Framework.objects.get(slug="kempen-competenties"))
    scale = RatingScale.objects.get(slug="vijfpuntsschaal")
    with pytest.raises(ValidationError) as error:
        cycle_create(
            actor=org.hr,
            scope=[org.root],
            framework_version=version,
            rating_scale=scale,
            **cycle_fields(scoring_due=datetime.date(2026, 9, 1)),
        )
    assert "scoring_due" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        cycle_create(
            actor=org.hr,
            scope=[org.root],
            framework_version=version,
            rating_scale=scale,
            **cycle_fields(goal_weight=60, competency_weight=50),
        )
    assert "competency_weight" in error.value.message_dict


def test_a_cycle_opens_once(cycle, org):
    with pytest.raises(TransitionNotAllowed):
        cycle_open(cycle=cycle, actor=org.hr)


def test_closing_needs_every_review_done_or_a_reason(cycle, org):
    with pytest.raises(TransitionNotAllowed, match="5 reviews are not final"):
        cycle_close(cycle=cycle, actor=org.hr)
    for review in Review.objects.filter(cycle=cycle):
        if review.employee == org.colleague:
            review_exempt(review=review, actor=org.hr, reason="Langdurig ziek")
        else:
            review_cancel(review=review, actor=org.hr, reason="Proefsluiting")
    closed = cycle_close(cycle=cycle, actor=org.hr)
    assert (closed.state, closed.force_close_reason) == ("closed", "")


def test_hr_may_force_close_with_a_reason(cycle, org):
    closed = cycle_close(cycle=cycle, actor=org.hr, force_reason="Reorganisatie: cyclus afgebroken")
    assert closed.state == "closed"
    assert cycle.events.get(action="close").payload == {
        "open_reviews": 5,
        "reason": "Reorganisatie: cyclus afgebroken",
    }
