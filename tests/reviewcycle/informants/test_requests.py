"""Asking for input: who may ask, when, whom; withdrawing; answering once; expiring."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm import TransitionNotAllowed

from reviewcycle.informants.services import informant_withdraw, informants_expire
from reviewcycle.models import InformantAnswer, InformantRequest
from tests.reviewcycle.informants.helpers import answer, ask

pytestmark = pytest.mark.django_db


def test_the_manager_asks_a_colleague_and_the_colleague_answers_once(in_progress, org, people):
    request = ask(in_progress, org, "colleague", people["colleagues"][0])
    assert request.status == "requested"
    answer(request, "partly")
    request.refresh_from_db()
    assert request.status == "answered"
    assert {mark.mark for mark in request.answer.marks.all()} == {"partly"}
    with pytest.raises(TransitionNotAllowed):
        answer(request)


def test_only_the_informant_answers(in_progress, org, people):
    request = ask(in_progress, org, "colleague", people["colleagues"][0])
    from reviewcycle.informants.services import informant_answer

    with pytest.raises(PermissionDenied):
        informant_answer(request=request, actor=org.manager.user, marks={}, answers=[])


def test_input_is_asked_only_in_the_phases_the_regeling_allows(review, org, people):
    with pytest.raises(TransitionNotAllowed, match="cannot be asked now"):
        ask(review, org, "colleague", people["colleagues"][0])  # still planning


def test_the_employee_asks_only_where_the_regeling_lets_them(in_progress, org, people):
    with pytest.raises(PermissionDenied):
        ask(in_progress, org, "colleague", people["colleagues"][0], actor=org.employee.user)
    version = in_progress.cycle.template_version
    version.informants_by_employee = True
    version.save()
    request = ask(in_progress, org, "colleague", people["colleagues"][0], actor=org.employee.user)
    assert request.requested_by == org.employee.user


def test_nobody_else_asks(in_progress, org, people):
    with pytest.raises(PermissionDenied):
        ask(in_progress, org, "colleague", people["colleagues"][0], actor=org.colleague.user)


def test_the_employee_is_never_an_informant_on_their_own_review(in_progress, org):
    with pytest.raises(ValidationError, match="own review"):
        ask(in_progress, org, "colleague", org.employee)


def test_the_same_person_is_asked_once(in_progress, org, people):
    ask(in_progress, org, "colleague", people["reports"][0])
    with pytest.raises(ValidationError, match="already been asked"):
        ask(in_progress, org, "report", people["reports"][0])


def test_only_a_direct_report_of_the_employee_is_asked_as_a_report(in_progress, org, people):
    """The group "direct reports" holds the employee's reports only: a colleague in it would be read as
    one of them (UX walk: anyone near the employee was accepted as their report)."""
    with pytest.raises(ValidationError) as refused:
        ask(in_progress, org, "report", people["colleagues"][0])
    assert "is not a direct report of" in refused.value.message_dict["informant"][0]
    assert ask(in_progress, org, "report", people["reports"][0]).status == "requested"


def test_the_same_address_is_asked_once_whatever_its_case(in_progress, org):
    ask(in_progress, org, "external", email="klant@example.com", name="Karin Klant")
    with pytest.raises(ValidationError, match="already been asked"):
        ask(in_progress, org, "external", email="KLANT@example.com", name="Karin")


@pytest.mark.parametrize(
    ("relation", "options", "field"),
    [
        ("friend", {}, "relation"),
        ("external", {"email": "not an address", "name": "X"}, "email"),
        ("external", {"email": "a@example.com"}, "name"),
        ("colleague", {}, "informant"),
    ],
)
def test_a_request_without_a_valid_person_is_refused(in_progress, org, relation, options, field):
    with pytest.raises(ValidationError) as refused:
        ask(in_progress, org, relation, **options)
    assert field in refused.value.message_dict


def test_the_due_date_is_not_in_the_past(in_progress, org, people):
    with pytest.raises(ValidationError) as refused:
        ask(in_progress, org, "colleague", people["colleagues"][0], due=datetime.date(2026, 1, 1))
    assert "due_date" in refused.value.message_dict


def test_a_withdrawn_request_cannot_be_answered_and_the_person_may_be_asked_again(in_progress, org, people):
    request = ask(in_progress, org, "manager", org.other_manager)
    informant_withdraw(request=request, actor=org.manager.user)
    with pytest.raises(TransitionNotAllowed):
        answer(request)
    assert ask(in_progress, org, "manager", org.other_manager).status == "requested"


def test_only_the_asker_or_the_manager_withdraws(in_progress, org, people):
    request = ask(in_progress, org, "manager", org.other_manager)
    with pytest.raises(PermissionDenied):
        informant_withdraw(request=request, actor=org.employee.user)


def test_a_named_answer_cannot_be_withdrawn(in_progress, org):
    request = answer(ask(in_progress, org, "manager", org.other_manager))
    with pytest.raises(TransitionNotAllowed):
        informant_withdraw(request=request, actor=org.manager.user)


def test_requests_past_their_due_date_expire_and_cannot_be_answered(in_progress, org, people, traveller):
    request = ask(in_progress, org, "colleague", people["colleagues"][0])
    traveller.move_to(datetime.datetime(2026, 2, 2, 9, 0, tzinfo=datetime.UTC))
    with pytest.raises(TransitionNotAllowed):
        answer(request)
    assert informants_expire() == 1
    assert InformantRequest.objects.get(pk=request.pk).status == "expired"
    assert informants_expire() == 0


def test_an_indicator_not_asked_or_an_unknown_mark_is_refused(in_progress, org, people):
    from reviewcycle.informants.services import informant_answer

    request = ask(in_progress, org, "colleague", people["colleagues"][0])
    next_level = (
        in_progress.assessments.filter(in_focus=True).first().marks.filter(is_next_level=True).first()
    )
    with pytest.raises(ValidationError):
        informant_answer(request=request, actor=request.informant, marks={next_level.pk: "fully"}, answers=[])
    with pytest.raises(ValidationError):
        informant_answer(
            request=request,
            actor=request.informant,
            marks={next(iter(in_progress.assessments.first().marks.all())).pk: "perfect"},
            answers=[],
        )
    with pytest.raises(ValidationError):
        informant_answer(request=request, actor=request.informant, marks={}, answers=[])
    assert not InformantAnswer.objects.exists()


def test_a_group_that_was_shown_takes_nobody_new(in_progress, org, people, traveller):
    for colleague in people["colleagues"][:3]:
        answer(ask(in_progress, org, "colleague", colleague))
    with pytest.raises(TransitionNotAllowed, match="shown already"):
        ask(in_progress, org, "colleague", people["colleagues"][3])
    ask(in_progress, org, "report", people["reports"][0])  # another group is another matter
