"""The links in invitation and reset mails work once and expire (issue 21): a used link and one older than
``PASSWORD_RESET_TIMEOUT`` (counted from when the worker sent the mail) open the "no longer works" page and
change nothing."""

import datetime
import re
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client

from notifications.models import Notification
from notifications.services import deliver
from tests.factories import EmployeeFactory
from tests.test_account_invitations import imported

pytestmark = pytest.mark.django_db

SENT = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
NO_LONGER_WORKS = "Deze link werkt niet meer: hij is al gebruikt of te oud."


def mailed_path(row: Notification) -> str:
    """Deliver ``row`` (the worker's step) and return the path of the link in the mail it sent."""
    assert deliver(row.pk) == "sent"
    link = re.search(r"https?://\S+/accounts/reset/\S+/", mail.outbox[-1].body).group(0)
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def choose_password(path: str, password: str) -> tuple[bool, str]:
    """A fresh browser follows the link and, if the form is offered, chooses ``password``."""
    browser = Client(HTTP_ACCEPT_LANGUAGE="nl")
    page = browser.get(path, follow=True)
    text = page.content.decode()
    if "new_password1" not in text:
        return False, text
    done = browser.post(page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})
    return done.status_code == 302, text


def invitation_for(employee) -> Notification:
    call_command("invite", employee.employee_number, stdout=StringIO())
    return Notification.objects.get(recipient=employee.user, kind="password_reset")


def test_an_invitation_link_works_once():
    eva = imported("5001")
    with time_machine.travel(SENT, tick=False):
        path = mailed_path(invitation_for(eva))
        assert choose_password(path, "Eerste-keuze-2026")[0]
        used, page = choose_password(path, "Overgenomen-2026")
    assert not used
    assert NO_LONGER_WORKS in page
    eva.user.refresh_from_db()
    assert eva.user.check_password("Eerste-keuze-2026")


def test_a_reset_link_works_once():
    employee = EmployeeFactory(employee_number="5002")
    employee.user.email = "5002@proef.nl"
    employee.user.set_password("Oud-wachtwoord-2026")
    employee.user.save()
    with time_machine.travel(SENT, tick=False):
        Client().post("/accounts/password_reset/", {"email": "5002@proef.nl"}, REMOTE_ADDR="10.0.0.1")
        path = mailed_path(Notification.objects.get(recipient=employee.user, kind="password_reset"))
        assert choose_password(path, "Nieuw-wachtwoord-2026")[0]
        used, page = choose_password(path, "Overgenomen-2026")
    assert not used
    assert NO_LONGER_WORKS in page
    employee.user.refresh_from_db()
    assert employee.user.check_password("Nieuw-wachtwoord-2026")


@pytest.mark.parametrize(("after", "works"), [(-60, True), (60, False)])
def test_an_invitation_link_expires_its_lifetime_after_it_was_sent(settings, after, works):
    """Written at 9:00 but sent by the worker at 10:00: the lifetime counts from 10:00."""
    eva = imported("5003")
    with time_machine.travel(SENT, tick=False):
        row = invitation_for(eva)
    with time_machine.travel(SENT + datetime.timedelta(hours=1), tick=False):
        path = mailed_path(row)
    expiry = SENT + datetime.timedelta(hours=1, seconds=settings.PASSWORD_RESET_TIMEOUT + after)
    with time_machine.travel(expiry, tick=False):
        chosen, page = choose_password(path, "Op-tijd-gekozen-2026")
    assert chosen is works
    eva.user.refresh_from_db()
    assert eva.user.has_usable_password() is works
    if not works:
        assert NO_LONGER_WORKS in page


def test_with_invite_new_people_on_the_import_and_hr_by_hand_invite_whoever_they_add(settings):
    """``INVITE_NEW_PEOPLE``: the people import (and adding someone by hand, and provisioning, which go
    through the same service) sends each new person the invitation at once; a dry run sends nothing."""
    from people.importers.apply import import_people
    from people.services import employee_create, org_unit_create
    from tests.notifications.test_webhook_events import write_csv

    settings.INVITE_NEW_PEOPLE = True
    unit = org_unit_create(name="Gemeente Proef", kind="organisation")
    by_hand = employee_create(employee_number="6001", name="Nina Nieuw", org_unit=unit, email="6001@proef.nl")
    header = ["Personeelsnummer", "Naam", "E-mailadres", "Organisatie-eenheid", "Leidinggevende"]
    rows = [
        ["6002", "Piet Proef", "6002@proef.nl", "Gemeente Proef", ""],
        ["6003", "Zonder Adres", "", "Gemeente Proef", ""],
    ]
    assert not import_people(content=write_csv(header, rows), filename="mensen.csv").errors
    dry = [["6004", "Droog", "6004@proef.nl", "Gemeente Proef", ""]]
    assert not import_people(content=write_csv(header, dry), filename="x.csv", dry_run=True).errors
    invited = Notification.objects.filter(kind="password_reset").order_by("recipient__username")
    assert [row.recipient.username for row in invited] == ["6001", "6002"]  # nobody without an address
    path = mailed_path(invited[0])
    assert mail.outbox[-1].subject == "Je account voor de gesprekscyclus"
    assert mail.outbox[-1].to == [by_hand.email]
    assert choose_password(path, "Welkom-nina-2026")[0]


def test_without_it_nobody_is_mailed_until_hr_invites(settings):
    from people.services import employee_create, org_unit_create

    settings.INVITE_NEW_PEOPLE = False
    unit = org_unit_create(name="Gemeente Proef", kind="organisation")
    employee_create(employee_number="6101", name="Nina Nieuw", org_unit=unit, email="6101@proef.nl")
    assert not Notification.objects.filter(kind="password_reset").exists()
