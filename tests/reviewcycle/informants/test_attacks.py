"""Trying to break the informants as an attacker and as a careless user would (helper H2's sweep): a
reader of the review put in an anonymous group to take their own answer out of the aggregate, the review's
own manager or employee asked under another relation or by e-mail address, someone of another
organisation asked, and requests that stay alive after their review closed."""

import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from notifications.informants import fill_in_informant_link, informant_reminders
from notifications.models import Notification
from reviewcycle.informants import tokens
from reviewcycle.informants.asked import informant_questions, own_requests
from reviewcycle.informants.selectors import informant_feedback
from reviewcycle.informants.services import informants_expire
from reviewcycle.models import InformantRequest, Review
from reviewcycle.services.transitions import review_cancel
from tests.factories import EmployeeFactory, OrgUnitFactory
from tests.reviewcycle.informants.helpers import answer, api, ask

pytestmark = pytest.mark.django_db


@pytest.fixture
def by_employee(in_progress):
    version = in_progress.cycle.template_version
    version.informants_by_employee = True
    version.save()
    return in_progress


# --- who may be an informant -------------------------------------------------------------------------


def test_the_reviews_manager_is_no_informant_whoever_asks(by_employee, org):
    # The employee asks their own manager as a "colleague": the manager would read the colleagues'
    # aggregate knowing one answer in it (their own), and with a group of two the other one exactly.
    for relation in ("colleague", "manager"):
        with pytest.raises(ValidationError) as refused:
            ask(by_employee, org, relation, org.manager, actor=org.employee.user)
        assert "informant" in refused.value.message_dict


def test_the_second_reviewer_is_no_informant_in_an_anonymous_group(in_progress, org):
    in_progress.second_reviewer = org.director
    in_progress.save()
    with pytest.raises(ValidationError) as refused:
        ask(in_progress, org, "colleague", org.director)
    assert "informant" in refused.value.message_dict
    # Named, their answer is theirs with their name: nothing to take out of an aggregate.
    assert ask(in_progress, org, "manager", org.director).status == "requested"


def test_hr_reading_the_review_is_no_informant_in_an_anonymous_group(in_progress, org):
    hr_colleague = EmployeeFactory(name="Hanna HR", org_unit=org.team, manager=org.employee, user=org.hr)
    with pytest.raises(ValidationError) as refused:
        ask(in_progress, org, "report", hr_colleague)
    assert "informant" in refused.value.message_dict


def test_the_employee_or_manager_is_not_asked_by_their_e_mail_address(by_employee, org):
    for person, actor in ((org.employee, org.manager.user), (org.manager, org.employee.user)):
        for address in (person.email, person.email.upper(), person.user.email or person.email):
            with pytest.raises(ValidationError) as refused:
                ask(by_employee, org, "external", email=address, name="Iemand", actor=actor)
            assert "email" in refused.value.message_dict


def test_someone_of_another_organisation_is_not_asked(in_progress, org):
    elsewhere = OrgUnitFactory(name="Buurgemeente", kind="organisation")
    stranger = EmployeeFactory(name="Stan Vreemd", org_unit=elsewhere)
    response = api(org.manager.user).post(
        f"/api/v1/reviews/{in_progress.pk}/informants/",
        {"relation": "colleague", "informant": stranger.pk, "due_date": "2026-02-01"},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "informant" in response.json()
    assert not InformantRequest.objects.filter(informant=stranger.user).exists()


# --- a review that closes ----------------------------------------------------------------------------


@pytest.fixture
def cancelled_with_open_requests(in_progress, org, people):
    colleague = ask(in_progress, org, "colleague", people["colleagues"][0])
    external = ask(in_progress, org, "external", email="karin@klant.example", name="Karin Klant")
    token = tokens.token_issue(external)
    review_cancel(review=in_progress, actor=org.hr, reason="Uit dienst")
    return colleague, external, token


def test_a_cancelled_reviews_requests_are_no_longer_asked(cancelled_with_open_requests, client):
    colleague, external, token = cancelled_with_open_requests
    cache.delete(tokens._failures_key("127.0.0.1"))
    # The informant's list does not ask them any more; no reminder goes out two days before the due date.
    assert colleague not in own_requests(user=colleague.informant).filter(status="requested")
    assert informant_reminders(today=datetime.date(2026, 1, 30)) == 0
    assert fill_in_informant_link(Notification.objects.get(informant_request=external)) is None  # not sent
    # The external's link says so, as it does for a withdrawn request (409), on reading and on answering.
    read = api().get(f"/api/v1/informant-link/{token}/")
    assert read.status_code == 409, read.content
    page = client.get(f"/informant/link/{token}/")
    assert page.status_code == 410
    cache.delete(tokens._failures_key("127.0.0.1"))
    # The hourly sweep closes them: no request of a closed review stays "requested".
    informants_expire(today=datetime.date(2026, 1, 16))
    assert set(InformantRequest.objects.values_list("status", flat=True)) == {"expired"}


# --- the open questions ------------------------------------------------------------------------------


def test_a_question_answered_by_fewer_than_the_minimum_is_not_shown(in_progress, org, people):
    question = informant_questions(in_progress)[1]  # optional
    requests = [ask(in_progress, org, "colleague", person) for person in people["colleagues"][:3]]
    answer(requests[0], answers=[{"question": question.pk, "value": "Komt altijd te laat"}])
    answer(requests[1])
    answer(requests[2])
    feedback = informant_feedback(review=in_progress, reader_id=org.manager.user.pk)
    group = next(g for g in feedback.groups if g.group == "colleague")
    assert group.released
    shown = {q.question_id: q.answers for q in group.questions}
    assert shown[question.pk] == ()


# --- a reader who answered in the group ----------------------------------------------------------------


def test_a_colleague_who_answered_and_later_reads_the_review_does_not_see_the_group_short_by_them(
    in_progress, org, people
):
    # Three colleagues answered (the minimum); later one of them becomes the review's second reviewer.
    # Knowing their own answer, the aggregate would leave them only two others': they see it only once
    # the minimum answered besides them.
    requests = [ask(in_progress, org, "colleague", person) for person in people["colleagues"][:3]]
    answer(requests[0], "not")
    answer(requests[1], "fully")
    answer(requests[2], "fully")
    insider = people["colleagues"][0]
    in_progress.second_reviewer = insider
    in_progress.save()
    theirs = informant_feedback(review=in_progress, reader_id=insider.user.pk)
    group = next(g for g in theirs.groups if g.group == "colleague")
    assert (group.released, group.answered, group.indicators, group.questions) == (False, None, (), ())
    # Everyone else still sees the group.
    manager = informant_feedback(review=in_progress, reader_id=org.manager.user.pk)
    assert next(g for g in manager.groups if g.group == "colleague").answered == 3


def test_which_next_level_indicators_one_informant_marked_is_not_shown(in_progress, org, people):
    # Only the first colleague is asked about the next level (the manager knows whom): the rows shown for
    # the next level must not say which of those indicators they had a view on.
    from reviewcycle.informants.asked import asked_indicators
    from reviewcycle.informants.services import informant_answer

    first = ask(in_progress, org, "colleague", people["colleagues"][0], include_next_level=True)
    others = [ask(in_progress, org, "colleague", person) for person in people["colleagues"][1:3]]
    indicators = asked_indicators(in_progress, include_next_level=True)
    marked = next(i for i in indicators if i.is_next_level)
    marks = {str(i.pk): "fully" for i in indicators if not i.is_next_level}
    marks[str(marked.pk)] = "partly"  # one next-level indicator, the others left empty
    informant_answer(request=first, actor=first.informant, marks=marks, answers=[])
    for request in others:
        answer(request)
    feedback = informant_feedback(review=in_progress, reader_id=org.manager.user.pk)
    group = next(g for g in feedback.groups if g.group == "colleague")
    assert group.released
    assert [item for item in group.indicators if item.is_next_level] == []


# --- mail about a request that is no longer open ----------------------------------------------------------


def test_a_user_informants_mail_about_a_withdrawn_request_is_not_sent(in_progress, org, people, mailoutbox):
    # As an external's: the mail waiting in the outbox (a digest reader's waits a day) does not go out
    # once the request was withdrawn or its review closed, and the digest leaves it out.
    from notifications.models import NotificationPreference
    from notifications.services import deliver, send_digests
    from reviewcycle.informants.services import informant_withdraw

    now_mail = ask(in_progress, org, "colleague", people["colleagues"][0])
    digest_reader = people["colleagues"][1]
    NotificationPreference.objects.update_or_create(
        user=digest_reader.user, defaults={"email_mode": NotificationPreference.EmailMode.DAILY_DIGEST}
    )
    later_mail = ask(in_progress, org, "colleague", digest_reader)
    for request in (now_mail, later_mail):
        informant_withdraw(request=request, actor=org.manager.user)
    row = Notification.objects.get(recipient=now_mail.informant, channel="email", sent_at__isnull=True)
    deliver(row.pk)
    assert mailoutbox == []
    send_digests()
    assert not Notification.objects.filter(recipient=digest_reader.user, kind="digest").exists()


def test_nothing_is_withdrawn_from_a_closed_review(in_progress, org, people):
    # Withdrawing an anonymous request erases its answer; once the review is closed the answers are part
    # of its record and stay (nothing in the personnel file is deleted by a user).
    from django_fsm import TransitionNotAllowed

    from reviewcycle.informants.services import informant_withdraw
    from reviewcycle.models import InformantAnswer

    answered = answer(ask(in_progress, org, "colleague", people["colleagues"][0]))
    review_cancel(review=in_progress, actor=org.hr, reason="Uit dienst")
    with pytest.raises(TransitionNotAllowed):
        informant_withdraw(request=answered, actor=org.manager.user)
    assert InformantAnswer.objects.filter(request=answered).exists()
    response = api(org.manager.user).post(
        f"/api/v1/reviews/{in_progress.pk}/informants/{answered.pk}/withdraw/"
    )
    assert response.status_code == 409, response.content
    # The page offers no withdrawing either: nothing of a closed review is "open".
    from reviewcycle.informants.selectors import informant_feedback as feedback_of

    cancelled = Review.objects.get(pk=in_progress.pk)
    lines = feedback_of(review=cancelled, reader_id=org.manager.user.pk).requests
    assert {line.state for line in lines} == {"closed"}
