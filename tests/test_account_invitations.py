"""Imported people get an invitation to choose their password (issue 23, until single sign-on): ``manage.py
invite`` mails each named employee, or with ``--new`` everyone whose account never had a password, a
welcome with a set-password link through the outbox; the link works once, and nobody who left is invited."""

import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from notifications.models import Notification
from notifications.services import deliver
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def imported(number: str, **fields):
    """An employee as the people import makes them: an account without a usable password."""
    employee = EmployeeFactory(employee_number=number, **fields)
    employee.user.set_unusable_password()
    employee.user.email = f"{number}@proef.nl"
    employee.user.save()
    return employee


def test_everyone_new_is_invited_and_chooses_a_password_through_the_link():
    new, other = imported("1001", preferred_language="nl"), imported("1002")
    left = imported("1003")
    left.active = False
    left.save()
    settled = imported("1004")
    settled.user.set_password("Al-een-wachtwoord-1")
    settled.user.save()
    out = StringIO()
    with translation.override("nl"):
        call_command("invite", "--new", stdout=out)
    assert "2 personen uitgenodigd." in out.getvalue()
    rows = Notification.objects.filter(kind="password_reset").order_by("recipient__employee__employee_number")
    assert [row.recipient.employee.employee_number for row in rows] == ["1001", "1002"]
    row = rows[0]
    assert row.subject == "Je account voor de gesprekscyclus"
    assert "set-password" in row.link  # the stored row holds no usable token
    assert deliver(row.pk) == "sent"
    [message] = mail.outbox
    assert message.to == ["1001@proef.nl"]
    assert f"je gebruikersnaam is {new.user.username}" in message.body
    path = (
        re.search(r"https?://\S+/accounts/reset/\S+/", message.body)
        .group(0)
        .split("://", 1)[1]
        .split("/", 1)[1]
    )
    browser = Client()
    form = browser.get(f"/{path}", follow=True)
    done = browser.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Mijn-eerste-wachtwoord-9", "new_password2": "Mijn-eerste-wachtwoord-9"},
    )
    assert done.status_code == 302
    new.user.refresh_from_db()
    assert new.user.check_password("Mijn-eerste-wachtwoord-9")
    assert other.user.pk in set(rows.values_list("recipient_id", flat=True))


def test_named_people_are_invited_and_unknown_numbers_refused_before_anything_is_sent():
    imported("2001")
    left = imported("2002")
    left.active = False
    left.save()
    with (
        translation.override("nl"),
        pytest.raises(CommandError, match="Geen medewerker heeft deze nummers: 9999"),
    ):
        call_command("invite", "2001", "9999")
    assert not Notification.objects.exists()
    out = StringIO()
    with translation.override("nl"):
        call_command("invite", "2001", "2002", stdout=out)
    assert "1 persoon uitgenodigd." in out.getvalue()
    assert "niet uitgenodigd: " in out.getvalue()
    assert Notification.objects.filter(kind="password_reset").count() == 1
    with pytest.raises(CommandError):
        call_command("invite")


def test_a_number_named_twice_is_invited_once():
    imported("2101")
    out = StringIO()
    call_command("invite", "2101", "2101", " 2101", stdout=out)
    assert Notification.objects.filter(kind="password_reset").count() == 1
    assert "Invited 1 person." in out.getvalue()


def test_inviting_many_hands_the_outbox_to_the_worker_once_not_once_per_person(
    django_capture_on_commit_callbacks,
):
    """Each invitation queued the whole pending outbox again (the command runs in autocommit: at once), so
    inviting the 20,000 people of an import queued every pending mail about 20,000 times over."""
    for number in range(3001, 3006):
        imported(str(number))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("invite", "--new", stdout=StringIO())
    assert Notification.objects.filter(kind="password_reset").count() == 5
    assert len(callbacks) == 1


def test_someone_with_a_password_is_not_welcomed_as_new():
    settled = imported("3001")
    settled.user.set_password("Al-een-wachtwoord-1")
    settled.user.save()
    out = StringIO()
    with translation.override("nl"):
        call_command("invite", "3001", stdout=out)
    assert "0 personen uitgenodigd." in out.getvalue()
    assert (
        "heeft al een wachtwoord (‘Wachtwoord vergeten?’ op de inlogpagina stuurt een nieuwe link)"
        in out.getvalue()
    )
    assert not Notification.objects.exists()


def test_the_invitation_reads_as_a_welcome_up_to_the_set_password_page():
    """Found walking the invitation: its button said *Kies een nieuw wachtwoord*, its footer that someone
    had asked for a new password, and the page it opened *Kies een nieuw wachtwoord*, to someone who never
    had one. The reset mail keeps its own words."""
    new = imported("4001", preferred_language="nl")
    call_command("invite", "4001", stdout=StringIO())
    deliver(Notification.objects.get(recipient=new.user).pk)
    [invitation] = mail.outbox
    html = invitation.alternatives[0][0]
    assert "Kies je wachtwoord</a>" in html
    assert "omdat er een account voor je is gemaakt" in html
    assert "omdat er een account voor je is gemaakt" in invitation.body
    assert "nieuw wachtwoord" not in html
    path = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", invitation.body).group(1)
    browser = Client(headers={"accept-language": "nl"})
    form = browser.get(path, follow=True).content.decode()
    assert "<h1>Kies je wachtwoord</h1>" in form
    assert "Je gebruikersnaam is 4001." in form
    assert ">Wachtwoord nog een keer</label>" in form

    new.user.set_password("Mijn-eerste-wachtwoord-9")
    new.user.save()
    Client().post("/accounts/password_reset/", {"email": new.user.email})
    deliver(Notification.objects.filter(recipient=new.user).latest("pk").pk)
    reset = mail.outbox[1]
    assert "Kies een nieuw wachtwoord</a>" in reset.alternatives[0][0]
    assert "omdat er een nieuw wachtwoord voor je account is gevraagd" in reset.body
    form = browser.get(re.search(r"https?://[^/]+(/accounts/reset/\S+/)", reset.body).group(1), follow=True)
    assert "<h1>Kies een nieuw wachtwoord</h1>" in form.content.decode()
