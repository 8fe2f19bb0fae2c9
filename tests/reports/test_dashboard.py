"""The HR dashboard: numbers that match a hand count, a fixed query budget, charts, exports."""

import csv
import datetime
import io
import random
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Q
from rest_framework.test import APIClient

from frameworks.models import RatingOption
from people.models import Employee
from reports.dashboard import cycle_dashboard
from reviewcycle.models import CompetencyAssessment, Review
from reviewcycle.services import cycle_create, cycle_open
from tests.downloads import content
from tests.reports import needs_pdftotext
from tests.reviewcycle.fixtures import cycle_fields

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 1, 15)  # the traveller's today
STATES = ["planning", "plan_signoff", "in_progress", "scoring", "second_review", "final", "cancelled"]


def add_staff(org, count: int) -> None:
    """``count`` more employees under Max (bulk, so 1,000 stay fast)."""
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"staff{n}", email=f"staff{n}@example.org") for n in range(count)
    )
    Employee.objects.bulk_create(
        Employee(
            user=user,
            employee_number=f"S{n:05d}",
            name=f"Staff {n:05d}",
            email=user.email,
            org_unit=org.team if n % 2 else org.other_team,
            manager=org.manager if n % 2 else org.other_manager,
            role_type=org.employee.role_type,
        )
        for n, user in enumerate(users)
    )


def open_cycle(org, name="Dashboard 2026", year: int = 2026):
    from frameworks.models import Framework, RatingScale
    from frameworks.selectors import current_version

    cycle = cycle_create(
        actor=org.hr,
        scope=[org.root],
        framework_version=current_version(framework=Framework.objects.get(slug="kempen-competenties")),
        rating_scale=RatingScale.objects.get(slug="vijfpuntsschaal"),
        **cycle_fields(year=year, name=name),
    )
    cycle_open(cycle=cycle, actor=org.hr)
    return cycle


def spread(cycle, seed: int = 7) -> dict:
    """Put the reviews in various states, overdue dates and ratings; return the hand count."""
    rng = random.Random(seed)
    options = list(RatingOption.objects.filter(scale=cycle.rating_scale).order_by("value"))
    hand = {"states": {}, "overdue": 0, "ratings": {}, "at_level": {}, "rated": {}}
    for review in Review.objects.filter(cycle=cycle).select_related("employee__role_type").order_by("id"):
        state = rng.choice(STATES)
        due = TODAY + datetime.timedelta(days=rng.randint(-20, 20))
        fields = {"state": state, "due_date": due}
        hand["states"][state] = hand["states"].get(state, 0) + 1
        if state in Review.OPEN_STATES and due < TODAY:
            hand["overdue"] += 1
        if state in ("second_review", "final"):
            rating = rng.choice(options)
            fields.update(
                overall_rating=rating, scores_submitted_at=datetime.datetime(2026, 1, 10, tzinfo=datetime.UTC)
            )
            hand["ratings"][rating.label] = hand["ratings"].get(rating.label, 0) + 1
            for assessment in CompetencyAssessment.objects.filter(review=review, in_focus=True):
                competency_rating = rng.choice(options)
                CompetencyAssessment.objects.filter(pk=assessment.pk).update(rating=competency_rating)
                key = (assessment.name, review.employee.role_type.family)
                hand["rated"][key] = hand["rated"].get(key, 0) + 1
                hand["at_level"][key] = hand["at_level"].get(key, 0) + int(competency_rating.meets_norm)
        Review.objects.filter(pk=review.pk).update(**fields)
    return hand


def test_dashboard_numbers_match_a_hand_count(org, traveller):
    add_staff(org, 60)
    cycle = open_cycle(org)
    hand = spread(cycle)
    data = cycle_dashboard(cycle=cycle, user=org.hr)

    total = Review.objects.filter(cycle=cycle).count()
    assert data["total"] == total
    assert {state: count for state, count in data["states"].items() if count} == hand["states"]
    # Final is done; cancelled and exempt reviews count neither as done nor as still to do.
    done = hand["states"].get("final", 0)
    counted = total - sum(hand["states"].get(state, 0) for state in ("cancelled", "exempt"))
    assert (data["done"], data["counted"]) == (done, counted)
    assert data["percent_done"] == round(100 * done / counted, 1)
    assert data["overdue_total"] == hand["overdue"]
    assert len(data["overdue"]) == min(hand["overdue"], 100)
    assert [item["days_overdue"] for item in data["overdue"]] == sorted(
        (item["days_overdue"] for item in data["overdue"]), reverse=True
    )
    assert sum(phase["count"] for phase in data["phases"]) == total

    # Rolled up: the root holds everything, each team its own; the page opens at the root, one level.
    assert data["unit"]["name"] == "Gemeente Proef"
    assert data["unit"]["total"] == total
    assert data["unit_path"] == []
    units = {row["name"]: row for row in data["org_units"]}
    assert set(units) == {"Burgerzaken", "Financiën"}
    team_total = Review.objects.filter(cycle=cycle, org_unit=org.team).count()
    assert units["Burgerzaken"]["total"] == team_total
    assert (
        units["Burgerzaken"]["done"]
        == Review.objects.filter(cycle=cycle, org_unit=org.team, state="final").count()
    )
    managers = {row["name"]: row for row in data["managers"]}
    assert managers["Max Manager"]["total"] == Review.objects.filter(cycle=cycle, manager=org.manager).count()

    calibration = data["calibration"]
    assert {label: n for label, n in calibration["organisation"]["counts"].items() if n} == hand["ratings"]
    assert calibration["organisation"]["rated"] == sum(hand["ratings"].values())
    per_manager_rated = sum(row["rated"] for row in calibration["managers"])
    assert per_manager_rated == calibration["organisation"]["rated"]

    gap = {(row["competency"], row["family"]): row for row in data["competency_gap"]}
    assert {key: row["rated"] for key, row in gap.items()} == hand["rated"]
    for key, row in gap.items():
        assert row["at_or_above"] == hand["at_level"][key]


def test_hr_of_one_team_sees_the_numbers_of_that_team_only(org, traveller):
    from people.services import hr_grant
    from tests.factories import UserFactory

    add_staff(org, 60)
    cycle = open_cycle(org)
    spread(cycle)
    team_hr = UserFactory(username="team-hr")
    hr_grant(user=team_hr, org_units=[org.team], actor=None)
    data = cycle_dashboard(cycle=cycle, user=team_hr)
    theirs = Review.objects.filter(cycle=cycle, employee__org_unit=org.team)
    assert data["total"] == theirs.count() < Review.objects.filter(cycle=cycle).count()
    scored = theirs.filter(scores_submitted_at__isnull=False, overall_rating__isnull=False)
    assert data["calibration"]["organisation"]["rated"] == scored.count()
    assessed = CompetencyAssessment.objects.filter(review__in=scored, in_focus=True, rating__isnull=False)
    assert sum(row["rated"] for row in data["competency_gap"]) == assessed.count() > 0
    assert (
        sum(row["at_or_above"] for row in data["competency_gap"])
        == assessed.filter(rating__meets_norm=True).count()
    )


def test_the_burndown_counts_reviews_not_done_per_day(org, cycle, traveller):
    """Two reviews leave on different days, one comes back (HR reopens a final review)."""
    from reviewcycle.services import review_cancel, review_exempt
    from tests.reviewcycle.helpers import advance

    total = Review.objects.filter(cycle=cycle).count()
    opened = TODAY
    colleague = Review.objects.get(cycle=cycle, employee=org.colleague)
    other = Review.objects.get(cycle=cycle, employee=org.other_employee)
    traveller.shift(datetime.timedelta(days=2))
    review_cancel(review=colleague, actor=org.hr, reason="Uit dienst")
    traveller.shift(datetime.timedelta(days=3))
    review_exempt(review=other, actor=org.hr, reason="Langdurig ziek")
    data = cycle_dashboard(cycle=cycle, user=org.hr)
    series = {point["date"]: point["not_done"] for point in data["burndown"]}
    assert series[opened] == total
    assert series[opened + datetime.timedelta(days=1)] == total
    assert series[opened + datetime.timedelta(days=2)] == total - 1
    assert series[opened + datetime.timedelta(days=5)] == total - 2
    assert max(series) == opened + datetime.timedelta(days=5)  # up to today

    # A final review reopened by HR is not done again.
    review = advance(Review.objects.get(cycle=cycle, employee=org.employee), org, "second_review", traveller)
    from reviewcycle.services import review_finalise, review_reopen

    review = review_finalise(review=review, actor=org.director.user)
    traveller.shift(datetime.timedelta(days=1))
    review_reopen(review=review, actor=org.hr, reason="Fout in de scores")
    data = cycle_dashboard(cycle=cycle, user=org.hr)
    points = data["burndown"]
    assert points[-1]["not_done"] == total - 2
    assert points[-2]["not_done"] == total - 3


@pytest.mark.parametrize("extra", [10, 1000])
def test_the_dashboard_api_and_page_take_a_fixed_number_of_queries(
    org, traveller, extra, client, django_assert_max_num_queries
):
    add_staff(org, extra)
    cycle = open_cycle(org)
    spread(cycle)
    api = APIClient()
    api.force_authenticate(org.hr)
    # 20 aggregates and lookups, and 3 to learn that HR may skip the per-row visibility test.
    with django_assert_max_num_queries(23):
        response = api.get(f"/api/v1/cycles/{cycle.pk}/dashboard/")
    assert response.status_code == 200
    assert response.json()["total"] == Review.objects.filter(cycle=cycle).count()
    client.force_login(org.hr)
    with django_assert_max_num_queries(33):
        page = client.get(f"/reports/cycles/{cycle.pk}/")
    assert page.status_code == 200
    assert page.content.count(b"<svg") == 5


def test_only_hr_of_the_scope_sees_the_dashboard(org, cycle, client):
    api = APIClient()
    api.force_authenticate(org.manager.user)
    response = api.get(f"/api/v1/cycles/{cycle.pk}/dashboard/")
    assert response.status_code == 403
    assert "HR" in response.json()["detail"]
    api.force_authenticate(org.hr_elsewhere)
    assert api.get(f"/api/v1/cycles/{cycle.pk}/dashboard/").status_code == 404
    client.force_login(org.employee.user)
    assert client.get(f"/reports/cycles/{cycle.pk}/").status_code == 403


def test_names_with_markup_are_escaped_in_the_charts_and_tables(org, cycle, client):
    from people.models import OrgUnit

    OrgUnit.objects.filter(pk=org.team.pk).update(name="<script>alert(1)</script> & Co")
    client.force_login(org.hr)
    page = client.get(f"/reports/cycles/{cycle.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in page


@needs_pdftotext
def test_the_printable_dashboard_is_a_pdf_with_the_same_numbers(org, cycle, client):
    import subprocess

    client.force_login(org.hr)
    response = client.get(f"/reports/cycles/{cycle.pk}/dashboard.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout
    total = Review.objects.filter(cycle=cycle).count()
    assert f"0 van {total} gesprekscycli afgerond" in " ".join(text.decode().split())  # Dutch by default
    # A count of nought prints as 0 (not as an empty cell): the unit's row reads "Burgerzaken 2 0 0,0%".
    layout = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Niets te laat." in layout  # an empty table says so, as on the page
    assert "Per leidinggevende" in layout  # the page's managers, in the PDF too
    manager = next(line for line in layout.splitlines() if line.strip().startswith(org.manager.name))
    assert manager.split()[2:] == [
        str(Review.objects.filter(cycle=cycle, manager=org.manager).count()),
        "0,0%",  # a percentage with its sign, as on the page
        "0",
    ]
    assert "Nog geen oordelen." in layout
    header = next(line for line in layout.splitlines() if line.strip().startswith("Eenheid"))
    assert "Gesprekscycli" in header  # a whole word, not "Gesprekscyc" over "li"
    row = next(line for line in layout.splitlines() if line.strip().startswith("Burgerzaken"))
    assert row.split()[1:] == [
        str(Review.objects.filter(cycle=cycle, employee__org_unit=org.team).count()),
        "0",
        "0,0%",
    ]


def test_reviews_export_as_csv_and_xlsx_filtered_like_the_list(org, traveller):
    add_staff(org, 20)
    cycle = open_cycle(org)
    hand = spread(cycle)
    api = APIClient()
    api.force_authenticate(org.hr)
    response = api.get(f"/api/v1/reviews/export/?cycle={cycle.pk}&format=csv&language=en")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(content(response).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Employee number", "Employee", "Org unit"]
    assert len(rows) - 1 == Review.objects.filter(cycle=cycle).count()
    final = api.get(f"/api/v1/reviews/export/?cycle={cycle.pk}&state=final&format=xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(final.content)).active
    values = list(sheet.values)
    assert values[0][0] == "Personeelsnummer"
    assert len(values) - 1 == hand["states"].get("final", 0)
    assert {row[7] for row in values[1:]} <= {"Definitief", "Final"}
    rating = values[0].index("Eindoordeel")
    assert all(row[rating] for row in values[1:])  # every final review has its overall rating

    bad = api.get(f"/api/v1/reviews/export/?cycle={cycle.pk}&format=pdf")
    assert bad.status_code == 400
    assert list(bad.json()) == ["format"]  # the parameter with the bad value, and the choices
    assert "csv, xlsx" in bad.json()["format"][0]
    # A manager exports only their own reports (and their own review).
    api.force_authenticate(org.other_manager.user)
    mine = api.get(f"/api/v1/reviews/export/?cycle={cycle.pk}&format=csv")
    names = {
        row[1] for row in list(csv.reader(io.StringIO(content(mine).decode("utf-8-sig")), delimiter=";"))[1:]
    }
    expected = Review.objects.filter(cycle=cycle).filter(
        Q(manager=org.other_manager) | Q(employee=org.other_manager)
    )
    assert names == set(expected.values_list("employee__name", flat=True))
    assert "Eva Employee" not in names


def test_bulk_pdf_export_makes_a_zip_with_every_form_and_reports_progress(
    org, cycle, client, django_capture_on_commit_callbacks
):
    from reports.models import ReviewFormExport
    from reports.tasks import export_review_forms_task

    client.force_login(org.hr)
    response = client.post(f"/reports/cycles/{cycle.pk}/exports/", {"org_unit": org.team.pk})
    export = ReviewFormExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/reports/exports/{export.pk}/"
    assert export.queued_at is not None  # the task was queued (at once, so a broker that is down is a 503)
    assert client.get(response["Location"]).status_code == 200

    assert export_review_forms_task(export.pk)["status"] == "done"
    assert export_review_forms_task(export.pk) == {"skipped": export.pk}  # a redelivery does nothing

    api = APIClient()
    api.force_authenticate(org.hr)
    status = api.get(f"/api/v1/exports/{export.pk}/").json()
    expected = Review.objects.filter(cycle=cycle, org_unit=org.team).count()
    assert (status["status"], status["done"], status["total"], status["percent"]) == (
        "done",
        expected,
        expected,
        100,
    )
    download = api.get(status["download"])
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert len(archive.namelist()) == expected
    assert all(archive.read(name).startswith(b"%PDF") for name in archive.namelist())

    # Someone else's export is not theirs to see; HR of another unit cannot start one.
    api.force_authenticate(org.manager.user)
    assert api.get(f"/api/v1/exports/{export.pk}/").status_code == 404
    api.force_authenticate(org.hr_elsewhere)
    refused = api.post("/api/v1/exports/", {"cycle": cycle.pk, "org_unit": org.team.pk}, format="json")
    assert refused.status_code == 404  # the cycle is not theirs to see
    api.force_authenticate(org.hr)
    assert api.post("/api/v1/exports/", {"cycle": "x"}, format="json").status_code == 400


@pytest.mark.parametrize("today", ["9999-12-31", "9999-12-30", "0001-01-01"])
def test_the_burndown_stays_within_the_cycle_period_whatever_today_is(org, cycle, today):
    api = APIClient()
    api.force_authenticate(org.hr)
    answer = api.get(f"/api/v1/cycles/{cycle.pk}/dashboard/?today={today}")
    assert answer.status_code == 200
    days = [point["date"] for point in answer.json()["burndown"]]
    assert len(days) <= (cycle.period_end - cycle.period_start).days + 1
    assert all(day <= cycle.period_end.isoformat() for day in days)


@pytest.mark.parametrize("today", ["maybe", "2026-02-30", "99999-01-01"])
def test_an_invalid_today_is_a_400_naming_the_parameter(org, cycle, today):
    api = APIClient()
    api.force_authenticate(org.hr)
    answer = api.get(f"/api/v1/cycles/{cycle.pk}/dashboard/?today={today}")
    assert answer.status_code == 400
    assert list(answer.json()) == ["today"]
