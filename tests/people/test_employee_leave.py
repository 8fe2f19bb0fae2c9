"""Leaving (issue 14, fault 1): one service turns off every way in and hands the leaver's reviews to HR."""

import datetime
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.authtoken.models import Token

from people.models import HR_GROUP_NAME, Employee, HRScope
from people.services import employee_leave, employee_set_manager, hr_grant
from reports.dashboard import cycle_dashboard
from reviewcycle.models import Review
from reviewcycle.services import review_reassign_manager, review_set_second_reviewer
from tests.language import speaking

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 1, 15)  # the fixtures' clock


def session_users() -> list[str]:
    return [session.get_decoded().get(SESSION_KEY) for session in Session.objects.all()]


def test_leaving_turns_the_account_off_and_removes_tokens_sessions_and_hr_rights(org, review):
    max_user = org.manager.user
    hr_grant(user=max_user, org_units=[org.team], actor=None)
    Token.objects.create(user=max_user)
    Client().force_login(max_user)
    Client().force_login(org.employee.user)  # someone else's session stays
    assert str(max_user.pk) in session_users()

    employee_leave(employee=org.manager, actor=org.hr, left_on=datetime.date(2026, 1, 14))

    leaver = Employee.objects.select_related("user").get(pk=org.manager.pk)
    assert (leaver.active, leaver.end_date) == (False, datetime.date(2026, 1, 14))
    assert not leaver.user.is_active
    assert not Token.objects.filter(user=max_user).exists()
    assert str(max_user.pk) not in session_users()
    assert str(org.employee.user.pk) in session_users()
    assert not HRScope.objects.filter(user=max_user).exists()
    assert not leaver.user.groups.filter(name=HR_GROUP_NAME).exists()


def test_the_reviews_a_leaver_manages_go_to_hr_and_their_own_open_review_is_cancelled(org, cycle):
    employee_leave(employee=org.manager, actor=org.hr)

    for employee in (org.employee, org.colleague):
        flagged = Review.objects.get(cycle=cycle, employee=employee)
        assert flagged.is_open
        assert (flagged.hr_attention, flagged.hr_attention_since) == ("manager_left", TODAY)
    own = Review.objects.get(cycle=cycle, employee=org.manager)
    assert (own.state, own.closure_reason) == ("cancelled", "uit dienst")
    untouched = Review.objects.get(cycle=cycle, employee=org.other_employee)
    assert untouched.hr_attention == ""


def test_the_reviews_a_leaver_second_reviews_go_to_hr_too(org, cycle):
    employee_leave(employee=org.director, actor=org.hr)

    # Dora is second reviewer of Eva's, Cor's and Otto's reviews and manager of Max's and Olaf's.
    for employee in (org.employee, org.colleague, org.other_employee):
        assert Review.objects.get(cycle=cycle, employee=employee).hr_attention == "second_reviewer_left"
    for employee in (org.manager, org.other_manager):
        assert Review.objects.get(cycle=cycle, employee=employee).hr_attention == "manager_left"


def test_hr_reassigning_or_naming_a_second_reviewer_clears_the_flag(org, cycle):
    employee_leave(employee=org.manager, actor=org.hr)
    eva = Review.objects.get(cycle=cycle, employee=org.employee)
    moved = review_reassign_manager(review=eva, actor=org.hr, manager=org.other_manager)
    assert (moved.hr_attention, moved.hr_attention_since) == ("", None)

    employee_leave(employee=org.director, actor=org.hr)
    otto = Review.objects.get(cycle=cycle, employee=org.other_employee)
    assert otto.hr_attention == "second_reviewer_left"
    named = review_set_second_reviewer(review=otto, actor=org.hr, second_reviewer=org.colleague)
    assert named.hr_attention == ""


def test_naming_another_second_reviewer_does_not_clear_a_departed_manager(org, cycle):
    employee_leave(employee=org.manager, actor=org.hr)
    eva = Review.objects.get(cycle=cycle, employee=org.employee)
    named = review_set_second_reviewer(review=eva, actor=org.hr, second_reviewer=org.other_manager)
    assert named.hr_attention == "manager_left"


def test_the_hr_dashboard_lists_the_reviews_waiting_for_hr(org, cycle, client):
    employee_leave(employee=org.manager, actor=org.hr)
    data = cycle_dashboard(cycle=cycle, user=org.hr)
    listed = {(item["employee"], item["reason"], item["manager"]) for item in data["hr_attention"]}
    assert listed == {
        ("Eva Employee", "manager_left", "Max Manager"),
        ("Cor Collega", "manager_left", "Max Manager"),
    }
    client.force_login(org.hr)
    page = speaking(client, "en").get(f"/reports/cycles/{cycle.pk}/").content.decode()
    assert "Eva Employee" in page
    assert "Manager left" in page
    eva = Review.objects.get(cycle=cycle, employee=org.employee)
    assert f"/reviews/{eva.pk}/" in page
    review_page = speaking(client, "nl").get(f"/reviews/{eva.pk}/").content.decode()
    assert "Wacht sinds 15 januari 2026 op HR: Leidinggevende uit dienst." in review_page


def test_a_leaver_cannot_be_named_manager_of_others(org):
    employee_leave(employee=org.other_manager, actor=org.hr)
    with pytest.raises(ValidationError) as refused:
        employee_set_manager(employee=org.colleague, manager=org.other_manager)
    assert "has left" in " ".join(refused.value.messages)
    assert Employee.objects.get(pk=org.colleague.pk).manager == org.manager


def test_a_leaver_keeps_their_own_former_manager_in_the_records(org):
    """Only active employees are refused a departed manager: history of two leavers stays editable."""
    employee_leave(employee=org.director, actor=org.hr)
    employee_leave(employee=org.manager, actor=org.hr)
    leaver = Employee.objects.get(pk=org.manager.pk)
    leaver.full_clean(exclude=["user"])  # manager Dora, who left too: no error


def test_the_data_migration_turns_off_accounts_of_employees_who_left_before(org):
    Employee.objects.filter(pk=org.manager.pk).update(active=False)  # the old import: account left on
    migration = import_module("people.migrations.0008_deactivate_accounts_of_leavers")
    migration.deactivate_accounts_of_leavers(apps, None)
    org.manager.user.refresh_from_db()
    org.employee.user.refresh_from_db()
    assert not org.manager.user.is_active
    assert org.employee.user.is_active


def test_leaving_in_the_admin_goes_through_the_same_service(org, cycle, admin_client):
    response = admin_client.post(
        "/admin/people/employee/", {"action": "mark_left", "_selected_action": [org.manager.pk]}
    )
    assert response.status_code == 302
    org.manager.user.refresh_from_db()
    assert not org.manager.user.is_active
    assert Review.objects.get(cycle=cycle, employee=org.employee).hr_attention == "manager_left"


def test_an_end_date_that_passes_ends_access_the_day_after(org, traveller):
    from people.tasks import employees_leave_due_task

    Employee.objects.filter(pk=org.colleague.pk).update(end_date=datetime.date(2026, 1, 20))
    employees_leave_due_task()
    assert Employee.objects.get(pk=org.colleague.pk).active  # until the end of the last working day
    traveller.move_to(datetime.datetime(2026, 1, 21, 6, 0, tzinfo=datetime.UTC))
    employees_leave_due_task()
    colleague = Employee.objects.select_related("user").get(pk=org.colleague.pk)
    assert not colleague.active
    assert not colleague.user.is_active


def test_the_daily_leaving_run_is_on_the_beat_schedule():
    from django_celery_beat.models import PeriodicTask

    assert PeriodicTask.objects.filter(task="people.tasks.employees_leave_due_task").exists()


def test_a_new_cycle_gives_no_review_to_a_departed_manager(org):
    from frameworks.models import Framework, RatingScale
    from frameworks.selectors import current_version
    from reviewcycle.services import cycle_create, cycle_open
    from tests.reviewcycle.fixtures import cycle_fields

    employee_leave(employee=org.manager, actor=org.hr)  # Eva and Cor still name Max in their records
    employee_leave(employee=org.director, actor=org.hr)  # and Olaf's manager, Otto's second reviewer
    cycle = cycle_create(
        actor=org.hr,
        scope=[org.root],
        framework_version=current_version(framework=Framework.objects.get(slug="kempen-competenties")),
        rating_scale=RatingScale.objects.get(slug="vijfpuntsschaal"),
        **cycle_fields(),
    )
    report = cycle_open(cycle=cycle, actor=org.hr)
    assert set(report["without_manager"]) == {
        org.employee.employee_number,
        org.colleague.employee_number,
        org.other_manager.employee_number,
    }
    otto = Review.objects.get(cycle=cycle, employee=org.other_employee)
    assert (otto.manager, otto.second_reviewer) == (org.other_manager, None)
    assert not Review.objects.filter(cycle=cycle, manager__active=False).exists()
