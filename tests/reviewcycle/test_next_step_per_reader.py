"""Next-step texts per reader (issue 18): on the same review, at every step, the one who must act reads
the instruction, everyone else reads who does what by when ("Je leidinggevende houdt het
planningsgesprek met je, uiterlijk 1 maart 2026", not the manager's "Houd het planningsgesprek")."""

import pytest
from django.utils import translation

from core.dates import long_date
from people.models import Employee
from reviewcycle.models import Review
from reviewcycle.next_steps import next_step
from reviewcycle.services import review_object
from reviewcycle.workflow import NEXT_ACTION
from tests.reviewcycle.helpers import advance

pytestmark = pytest.mark.django_db

OWNER = object()  # the owner reads NEXT_ACTION (its Dutch is the glossary's), with the date

# state → reader → what they read in Dutch ({date}: the step's due date written out).
EXPECTED = {
    "planning": {
        "employee": "Je leidinggevende houdt het planningsgesprek met je, uiterlijk {date}.",
        "manager": OWNER,
        "second_reviewer": "Max Manager houdt het planningsgesprek met Eva Employee, uiterlijk {date}.",
        "hr": "Max Manager houdt het planningsgesprek met Eva Employee, uiterlijk {date}.",
    },
    "plan_signoff": {
        "employee": OWNER,
        "manager": "Eva Employee ondertekent het plan, uiterlijk {date}.",
        "second_reviewer": "Eva Employee ondertekent het plan, uiterlijk {date}.",
        "hr": "Eva Employee ondertekent het plan, uiterlijk {date}.",
    },
    "in_progress": {
        "employee": "Je leidinggevende houdt een voortgangsgesprek met je en start daarna de beoordeling, "
        "uiterlijk {date}.",
        "manager": OWNER,
        "second_reviewer": "Max Manager houdt een voortgangsgesprek met Eva Employee en start daarna de "
        "beoordeling, uiterlijk {date}.",
        "hr": "Max Manager houdt een voortgangsgesprek met Eva Employee en start daarna de beoordeling, "
        "uiterlijk {date}.",
    },
    "self_assessment": {
        "employee": OWNER,
        "manager": "Eva Employee vult de zelfbeoordeling in, uiterlijk {date}.",
        "second_reviewer": "Eva Employee vult de zelfbeoordeling in, uiterlijk {date}.",
        "hr": "Eva Employee vult de zelfbeoordeling in, uiterlijk {date}.",
    },
    "scoring": {
        "employee": "Je leidinggevende beoordeelt je competenties en resultaatafspraken, uiterlijk {date}.",
        "manager": OWNER,
        "second_reviewer": "Max Manager beoordeelt de competenties en resultaatafspraken van Eva Employee, "
        "uiterlijk {date}.",
        "hr": "Max Manager beoordeelt de competenties en resultaatafspraken van Eva Employee, uiterlijk {date}.",
    },
    "appraisal_talk": {
        "employee": "Je leidinggevende houdt het beoordelingsgesprek met je, uiterlijk {date}.",
        "manager": OWNER,
        "second_reviewer": "Max Manager houdt het beoordelingsgesprek met Eva Employee, uiterlijk {date}.",
        "hr": "Max Manager houdt het beoordelingsgesprek met Eva Employee, uiterlijk {date}.",
    },
    "employee_response": {
        "employee": OWNER,
        "manager": "Eva Employee ondertekent de beoordeling of dient bedenkingen in, uiterlijk {date}.",
        "second_reviewer": "Eva Employee ondertekent de beoordeling of dient bedenkingen in, uiterlijk {date}.",
        "hr": "Eva Employee ondertekent de beoordeling of dient bedenkingen in, uiterlijk {date}.",
    },
    "objection": {
        "employee": "HR beslist over je bedenkingen, uiterlijk {date}.",
        "manager": "HR beslist over de bedenkingen van Eva Employee, uiterlijk {date}.",
        "second_reviewer": "HR beslist over de bedenkingen van Eva Employee, uiterlijk {date}.",
        "hr": OWNER,
    },
    "second_review": {
        "employee": "Je tweede beoordelaar stelt de beoordeling vast of stuurt haar terug naar je "
        "leidinggevende, uiterlijk {date}.",
        "manager": "Dora Directeur stelt de beoordeling van Eva Employee vast of stuurt haar naar je terug, "
        "uiterlijk {date}.",
        "second_reviewer": OWNER,
        "hr": "Dora Directeur stelt de beoordeling van Eva Employee vast of stuurt haar terug naar Max Manager, "
        "uiterlijk {date}.",
    },
}


def readers(org) -> dict:
    return {
        "employee": org.employee.user,
        "manager": org.manager.user,
        "second_reviewer": org.director.user,
        "hr": org.hr,
    }


@pytest.mark.parametrize("state", list(EXPECTED))
def test_each_reader_reads_the_next_step_as_it_concerns_them(review, org, traveller, state):
    if state == "objection":
        review = advance(review, org, "employee_response", traveller)
        review_object(review=review, actor=org.employee.user, grounds="Oneens met het oordeel.")
        review = Review.objects.get(pk=review.pk)
    else:
        review = advance(review, org, state, traveller)
    assert review.state == state
    with translation.override("nl"):
        date = long_date(review.due_date)
        owner_text = f"{NEXT_ACTION[state]}, uiterlijk {date}."
        read = {role: next_step(review, user) for role, user in readers(org).items()}
    expected = {
        role: owner_text if text is OWNER else text.format(date=date)
        for role, text in EXPECTED[state].items()
    }
    assert read == expected
    # The employee never reads someone else's instruction, nor a manager's about them.
    assert read["employee"] != read["manager"]


def test_pages_show_the_readers_next_step(review, org, client, traveller):
    Employee.objects.update(preferred_language="nl")
    client.force_login(org.employee.user)
    home = " ".join(client.get("/", HTTP_ACCEPT_LANGUAGE="nl").content.decode().split())
    assert "je leidinggevende houdt het planningsgesprek met je, uiterlijk 1 maart 2026." in home
    client.force_login(org.manager.user)
    team = " ".join(client.get("/team/", HTTP_ACCEPT_LANGUAGE="nl").content.decode().split())
    assert "Houd het planningsgesprek" in team
    assert "Je leidinggevende" not in team


def test_the_api_gives_each_reader_their_next_step(review, org):
    from rest_framework.test import APIClient

    Employee.objects.update(preferred_language="nl")
    read = {}
    for role, user in readers(org).items():
        api = APIClient()
        api.force_authenticate(user)
        read[role] = api.get(f"/api/v1/reviews/{review.pk}/", HTTP_ACCEPT_LANGUAGE="nl").json()["next_step"]
    assert read["employee"] == "Je leidinggevende houdt het planningsgesprek met je, uiterlijk 1 maart 2026."
    with translation.override("nl"):
        assert read["manager"] == f"{NEXT_ACTION['planning']}, uiterlijk 1 maart 2026."
    assert (
        read["second_reviewer"]
        == read["hr"]
        == ("Max Manager houdt het planningsgesprek met Eva Employee, uiterlijk 1 maart 2026.")
    )


def test_the_api_list_gives_each_reader_their_next_step_without_the_date(review, org):
    from rest_framework.test import APIClient

    Employee.objects.update(preferred_language="nl")
    read = {}
    for role, user in readers(org).items():
        api = APIClient()
        api.force_authenticate(user)
        rows = api.get("/api/v1/reviews/", {"cycle": review.cycle_id}, HTTP_ACCEPT_LANGUAGE="nl").json()[
            "results"
        ]
        row = next(row for row in rows if row["id"] == review.pk)
        read[role] = (row["next_step"], row["next_action"])
    with translation.override("nl"):
        instruction = str(NEXT_ACTION["planning"])
    assert read["employee"] == ("Je leidinggevende houdt het planningsgesprek met je", instruction)
    assert read["manager"] == (instruction, instruction)
    assert read["hr"] == ("Max Manager houdt het planningsgesprek met Eva Employee", instruction)


def test_the_review_page_gives_each_reader_their_next_step(review, org, client):
    Employee.objects.update(preferred_language="nl")
    seen = {}
    for role, user in readers(org).items():
        client.force_login(user)
        seen[role] = " ".join(
            client.get(f"/reviews/{review.pk}/", HTTP_ACCEPT_LANGUAGE="nl").content.decode().split()
        )
    assert "Je leidinggevende houdt het planningsgesprek met je, uiterlijk 1 maart 2026." in seen["employee"]
    assert "Je leidinggevende houdt" not in seen["manager"]
    for role in ("second_reviewer", "hr"):
        assert (
            "Max Manager houdt het planningsgesprek met Eva Employee, uiterlijk 1 maart 2026." in seen[role]
        )
