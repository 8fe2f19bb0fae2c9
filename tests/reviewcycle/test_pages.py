"""The review pages: who reaches what by URL, steps run from their forms, errors next to their field."""

import datetime

import pytest

from reviewcycle.models import Review
from reviewcycle.services import goal_create
from tests.language import speaking
from tests.reviewcycle.helpers import english_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return english_client()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("employee", 200),
        ("manager", 200),
        ("director", 200),  # the second reviewer
        ("hr", 200),
        ("colleague", 404),  # another employee: 404, so nothing leaks
        ("other_manager", 404),  # a manager, but not Eva's
        ("other_employee", 404),
        ("hr_elsewhere", 404),
    ],
)
def test_a_review_page_is_reachable_only_by_who_has_a_role_in_it(review, org, client, who, status):
    person = getattr(org, who)
    client.force_login(getattr(person, "user", person))
    assert client.get(f"/reviews/{review.pk}/").status_code == status
    assert client.get(f"/reviews/{review.pk + 1000}/").status_code == 404
    post = client.post(f"/reviews/{review.pk}/steps/record-planning-talk/", {})
    # The manager's own step without its date: 400; anyone else's: 403, saying whose step it is.
    assert post.status_code == {"manager": 400, "hr": 403, "employee": 403, "director": 403}.get(who, 404)


def test_a_manager_sees_only_their_own_reports_on_the_team_page(review, org, client):
    client.force_login(org.manager.user)
    page = client.get("/team/").content.decode()
    assert "Eva Employee" in page
    assert "Cor Collega" in page
    assert "Otto Ander" not in page
    client.force_login(org.other_manager.user)
    page = client.get("/team/").content.decode()
    assert "Otto Ander" in page
    assert "Eva Employee" not in page


def test_the_manager_records_the_planning_talk_from_the_page(review, org, client):
    client.force_login(org.manager.user)
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    # Without a goal the step is shown with its reason, and no button.
    assert "Not possible yet" in page
    assert f'action="/reviews/{review.pk}/steps/record-planning-talk/"' not in page

    goal_create(review=review, actor=org.manager.user, title="Wachttijd balie onder 10 minuten")
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert f'action="/reviews/{review.pk}/steps/record-planning-talk/"' in page

    future = client.post(
        f"/reviews/{review.pk}/steps/record-planning-talk/", {"record_planning_talk-talk_date": "2026-02-20"}
    )
    assert future.status_code == 400
    body = future.content.decode()
    assert "A talk cannot be recorded before it took place." in body
    assert 'id="id_record_planning_talk-talk_date_error"' in body  # next to its field
    assert Review.objects.get(pk=review.pk).state == "planning"

    done = client.post(
        f"/reviews/{review.pk}/steps/record-planning-talk/", {"record_planning_talk-talk_date": "2026-01-12"}
    )
    assert done.status_code == 302
    review.refresh_from_db()
    assert review.state == "plan_signoff"
    assert review.planning_talk_date == datetime.date(2026, 1, 12)
    assert review.events.last().actor == org.manager.user


def test_the_employee_signs_the_plan_as_seen_with_a_response(review, org, client):
    from reviewcycle.services import review_record_planning_talk

    goal_create(review=review, actor=org.manager.user, title="Digitale afspraken")
    review_record_planning_talk(review=review, actor=org.manager.user, talk_date=datetime.date(2026, 1, 12))
    client.force_login(org.employee.user)
    home = client.get("/").content.decode()
    assert "Your turn" in home
    assert "Your turn:</strong> sign the plan" in home
    # The manager's steps are not offered to the employee.
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert "steps/reopen-plan/" not in page
    signed = {"sign_plan-signature": "seen", "sign_plan-response": "Ik zie het <b>anders</b>."}
    confirm = client.post(f"/reviews/{review.pk}/steps/sign-plan/", signed)
    assert confirm.status_code == 200  # first what signing means; nothing signed yet
    assert "does not mean you agree" in confirm.content.decode()
    assert Review.objects.get(pk=review.pk).state == "plan_signoff"
    response = client.post(f"/reviews/{review.pk}/steps/sign-plan/", {**signed, "confirmed": "1"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.state, review.plan_signature, review.plan_response) == (
        "in_progress",
        "seen",
        "Ik zie het <b>anders</b>.",
    )
    # The employee cannot run the manager's step by posting to it.
    refused = client.post(f"/reviews/{review.pk}/steps/record-progress-talk/", {})
    assert refused.status_code == 403
    assert "Only the employee&#x27;s manager can take this step." in refused.content.decode()
    assert Review.objects.get(pk=review.pk).progress_talk_count == 0


def test_pages_speak_dutch_by_default_and_english_on_request(review, org, client):
    client.force_login(org.manager.user)
    dutch = speaking(client, "nl").get(f"/reviews/{review.pk}/").content.decode()
    assert "Resultaatafspraken" in dutch
    assert "Wat je nu kunt doen" in dutch
    english = speaking(client, "en").get(f"/reviews/{review.pk}/").content.decode()
    assert "Result agreements" in english
    assert "What you can do now" in english


def test_the_plan_page_adds_goals_sets_focus_and_keeps_the_pop(review, org, client):
    url = f"/reviews/{review.pk}/plan/"
    client.force_login(org.manager.user)
    bad = client.post(
        url, {"action": "new-goal", "new-goal-title": "Afhandeltijd", "new-goal-deadline": "2027-06-01"}
    )
    assert bad.status_code == 400
    assert "outside the cycle" in bad.content.decode()
    assert not review.goals.exists()  # nothing stored half
    added = client.post(
        url,
        {
            "action": "new-goal",
            "new-goal-title": "Afhandeltijd <b>halveren</b>",
            "new-goal-measure": "Gemiddelde per kwartaal",
            "new-goal-weight": "100",
            "new-goal-deadline": "2026-12-01",
        },
    )
    assert added.status_code == 302
    goal = review.goals.get()
    assert (goal.title, goal.weight) == ("Afhandeltijd <b>halveren</b>", 100)
    page = client.get(url).content.decode()
    assert "Afhandeltijd &lt;b&gt;halveren&lt;/b&gt;" in page  # escaped, never markup

    first, *others = list(review.assessments.all())
    focus = {"action": "focus", **{f"focus-{item.pk}": "on" for item in others}}
    assert client.post(url, focus).status_code == 302
    first.refresh_from_db()
    assert first.in_focus is False
    assert review.events.filter(transition="set_focus").count() == 1

    pop = {
        "action": "new-action",
        "new-action-description": "Cursus klantgericht schrijven",
        "new-action-competency": str(first.competency_id),
    }
    assert client.post(url, pop).status_code == 302
    assert review.development_actions.get().competency_id == first.competency_id

    # The employee may propose goals but not change the focus.
    client.force_login(org.employee.user)
    assert client.post(url, {**focus, f"focus-{first.pk}": "on"}).status_code == 404
    first.refresh_from_db()
    assert first.in_focus is False
    client.force_login(org.colleague.user)
    assert client.get(url).status_code == 404


def test_the_manager_plans_and_cancels_a_talk_from_the_review_page(review, org, client):
    from notifications.models import Notification, ScheduledTalk

    url = f"/reviews/{review.pk}/talks/"
    talk = {
        "talk-kind": "planning",
        "talk-starts_at": "2026-02-03T10:00",
        "talk-duration_minutes": "45",
        "talk-location": "Kamer 2.14",
    }
    client.force_login(org.employee.user)
    assert "Plan a talk" not in client.get(f"/reviews/{review.pk}/").content.decode()
    client.post(url, talk)
    assert not ScheduledTalk.objects.exists()  # only the manager plans talks

    client.force_login(org.manager.user)
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert "Plan a talk" in page
    bad = client.post(url, {**talk, "talk-duration_minutes": "5"}, follow=True).content.decode()
    assert "Ensure this value is greater than or equal to 10." in bad
    assert client.post(url, talk).status_code == 302
    planned = ScheduledTalk.objects.get()
    assert (planned.kind, planned.location) == ("planning", "Kamer 2.14")
    invitations = Notification.objects.filter(kind="invitation", channel="email")
    assert set(invitations.values_list("recipient", flat=True)) == {org.manager.user.pk, org.employee.user.pk}
    assert "Kamer 2.14" in client.get(f"/reviews/{review.pk}/").content.decode()

    client.force_login(org.employee.user)
    client.post(f"/notifications/talks/{planned.pk}/cancel/")
    assert ScheduledTalk.objects.get().cancelled_at is None  # not theirs to cancel
    client.force_login(org.manager.user)
    client.post(f"/notifications/talks/{planned.pk}/cancel/")
    assert ScheduledTalk.objects.get().cancelled_at is None  # first the confirmation
    client.post(f"/notifications/talks/{planned.pk}/cancel/", {"confirmed": "1"})
    assert ScheduledTalk.objects.get().cancelled_at is not None


def test_hr_moves_an_open_review_to_another_manager_from_the_page(review, org, client):
    url = f"/reviews/{review.pk}/reassign/"
    client.force_login(org.manager.user)
    assert "Move this review" not in client.get(f"/reviews/{review.pk}/").content.decode()
    assert client.post(url, {"reassign-manager": org.other_manager.pk}).status_code == 404
    client.force_login(org.hr)
    assert "Move this review" in client.get(f"/reviews/{review.pk}/").content.decode()
    response = client.post(
        url, {"reassign-manager": org.other_manager.pk, "reassign-reason": "Reorganisatie"}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.manager == org.other_manager
    assert review.second_reviewer == org.director  # the new manager's manager
    assert review.events.filter(transition="reassign_manager").count() == 1
    wrong = client.post(url, {"reassign-manager": org.employee.pk}, follow=True).content.decode()
    assert "Select a valid choice" in wrong  # not her own manager
    assert Review.objects.get(pk=review.pk).manager == org.other_manager


def test_hr_names_another_second_reviewer_from_the_page(review, org, client):
    url = f"/reviews/{review.pk}/second-reviewer/"
    client.force_login(org.manager.user)
    assert "Name another second reviewer" not in client.get(f"/reviews/{review.pk}/").content.decode()
    assert client.post(url, {"second-second_reviewer": org.other_manager.pk}).status_code == 404
    client.force_login(org.hr_elsewhere)
    assert client.post(url, {"second-second_reviewer": org.other_manager.pk}).status_code == 404
    assert Review.objects.get(pk=review.pk).second_reviewer == org.director

    client.force_login(org.hr)
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert "Name another second reviewer" in page
    assert "Now: Dora Directeur." in page
    moved = client.post(
        url,
        {"second-second_reviewer": org.other_manager.pk, "second-reason": "Dora is met verlof"},
        follow=True,
    ).content.decode()
    assert "Olaf Ander is now the second reviewer." in moved
    review.refresh_from_db()
    assert review.second_reviewer == org.other_manager
    event = review.events.get(transition="set_second_reviewer")
    assert event.payload == {"reason": "Dora is met verlof"}
    assert (event.old_value, event.new_value) == (
        {"second_reviewer": org.director.pk},
        {"second_reviewer": org.other_manager.pk},
    )
    assert "Another second reviewer named" in moved  # the history names the step

    for wrong in (org.employee.pk, org.manager.pk):  # neither may review the review a second time
        refused = client.post(url, {"second-second_reviewer": wrong}, follow=True).content.decode()
        assert "Select a valid choice" in refused
    assert Review.objects.get(pk=review.pk).second_reviewer == org.other_manager


def test_goals_are_adjusted_in_the_progress_talk_form_each_change_kept(review, org, client, traveller):
    from reviewcycle.models import GoalChange
    from tests.reviewcycle.helpers import advance

    review = advance(review, org, "in_progress", traveller)
    traveller.move_to(datetime.datetime(2026, 6, 12, 9, 0, tzinfo=datetime.UTC))
    wait, digital = review.goals.order_by("id")
    client.force_login(org.manager.user)
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert "Goal: Wachttijd balie onder 10 minuten" in page
    prefix = "record_progress_talk"
    url = f"/reviews/{review.pk}/steps/record-progress-talk/"
    unchanged = {
        f"{prefix}-talk_date": "2026-06-10",
        f"{prefix}-notes": "Digitaal loopt achter; wachttijd weegt zwaarder.",
        **{
            f"{prefix}-goal-{goal.pk}-{name}": value
            for goal in (wait, digital)
            for name, value in (("title", goal.title), ("measure", goal.measure), ("weight", goal.weight))
        },
    }

    too_heavy = client.post(url, {**unchanged, f"{prefix}-goal-{wait.pk}-weight": "150"})
    assert too_heavy.status_code == 400
    assert f'id="id_{prefix}-goal-{wait.pk}-weight_error"' in too_heavy.content.decode()
    assert not review.progress_talks.exists()

    done = client.post(
        url,
        {
            **unchanged,
            f"{prefix}-goal-{wait.pk}-weight": "100",
            f"{prefix}-goal-{wait.pk}-measure": "Monitor, per kwartaal",
            f"{prefix}-goal-{digital.pk}-withdraw": "on",
        },
    )
    assert done.status_code == 302
    wait.refresh_from_db()
    digital.refresh_from_db()
    assert (wait.weight, wait.measure) == (100, "Monitor, per kwartaal")
    assert digital.status == "withdrawn"
    changes = {change.goal_id: change.changes for change in GoalChange.objects.all()}
    assert changes == {
        wait.pk: {"weight": [60, 100], "measure": ["Monitor", "Monitor, per kwartaal"]},
        digital.pk: {"status": ["active", "withdrawn"]},
    }
    assert review.progress_talks.get().notes.startswith("Digitaal loopt achter")

    # A second talk without changes records the talk and no goal change.
    client.post(
        url,
        {
            **unchanged,
            f"{prefix}-goal-{wait.pk}-weight": "100",
            f"{prefix}-goal-{wait.pk}-measure": "Monitor, per kwartaal",
        },
    )
    assert review.progress_talks.count() == 2
    assert GoalChange.objects.count() == 2
