"""AVG right of access: HR of the unit exports everything stored about one employee; nobody else can."""

import io
import json
import subprocess
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from reviewcycle.models import ReviewAccess
from reviewcycle.services import goal_create, review_record_planning_talk

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(review, org):
    import datetime

    goal_create(
        review=review, actor=org.manager.user, title="Wachttijd <script>alert(1)</script>", weight=100
    )
    return review_record_planning_talk(
        review=review, actor=org.manager.user, talk_date=datetime.date(2026, 1, 12)
    )


def export(user, employee):
    api = APIClient()
    api.force_authenticate(user)
    return api.get(f"/api/v1/people/{employee.pk}/personal-data/")


def test_hr_of_the_unit_gets_everything_stored_about_the_employee(planned, org):
    response = export(org.hr, org.employee)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert org.employee.employee_number in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("gegevens.json"))
    assert data["employee"]["name"] == "Eva Employee"
    assert data["account"]["username"] == org.employee.user.username
    assert "password" not in data["account"]
    assert [review["id"] for review in data["reviews"]] == [planned.pk]
    assert data["goals"][0]["title"] == "Wachttijd <script>alert(1)</script>"
    assert {event["transition"] for event in data["review_events"]} >= {"open", "record_planning_talk"}
    assert any(n["kind"] == "your_turn" for n in data["notifications"])  # "sign your plan"
    assert len(data["competency_assessments"]) == 3
    pdfs = [name for name in archive.namelist() if name.endswith(".pdf")]
    assert len(pdfs) == 1
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=archive.read(pdfs[0]), capture_output=True, check=True
    ).stdout.decode()
    assert "Eva Employee" in text
    assert ReviewAccess.objects.filter(review=planned, user=org.hr, via="data-request").count() == 1


def test_the_manager_knows_only_references_to_the_reviews_they_hold(planned, org):
    data = json.loads(zipfile.ZipFile(io.BytesIO(export(org.hr, org.manager).content)).read("gegevens.json"))
    assert {row["id"] for row in data["roles_in_other_reviews"]} >= {planned.pk}
    assert all(goal["review"] != planned.pk for goal in data["goals"])  # Eva's goals are Eva's data


@pytest.mark.parametrize("who", ["employee", "manager", "director", "hr_elsewhere"])
def test_nobody_else_can_export_and_nothing_leaks(planned, org, who):
    person = getattr(org, who)
    response = export(getattr(person, "user", person), org.employee)
    assert response.status_code == 404
    assert not ReviewAccess.objects.filter(via="data-request").exists()


def test_the_command_writes_the_zip_and_names_a_wrong_number(planned, org, tmp_path):
    target = tmp_path / "eva.zip"
    out = StringIO()
    call_command("personal_data", org.employee.employee_number, str(target), stdout=out)
    assert "Eva Employee" in out.getvalue()
    assert "gegevens.json" in zipfile.ZipFile(target).namelist()
    with pytest.raises(CommandError, match="No employee has the number X999"):
        call_command("personal_data", "X999", str(target))


def test_the_export_says_who_made_the_employee_hr_and_when(planned, org):
    from people.services import hr_grant

    hr_grant(user=org.manager.user, org_units=[org.team], actor=org.hr)
    data = json.loads(zipfile.ZipFile(io.BytesIO(export(org.hr, org.manager).content)).read("gegevens.json"))
    assert [(row["kind"], row["org_unit"], row["actor"]) for row in data["hr_scope_grants"]] == [
        ("grant_hr_scope", org.team.pk, org.hr.pk)
    ]
