"""HR sends reminders for every overdue review from the dashboard; the sweep runs the same day; the
manager finds exactly one reminder per review in the inbox, and the review's history names him."""

import datetime

import pytest

from notifications.models import Notification
from notifications.services import reminders_sweep
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reminder_sent_on_demand_arrives_once(
    chromium, live_server, people, review, org, traveller, screenshot
):
    # Planning was due on 1 March: on 5 March both of Max's reviews are overdue.
    traveller.move_to(datetime.datetime(2026, 3, 5, 8, 0, tzinfo=datetime.UTC))
    hr = log_in(chromium, live_server, people["hr"])
    hr.goto(f"{live_server.url}/reports/cycles/{review.cycle_id}/")
    form = hr.locator("#send-reminders")
    assert "Herinneringen versturen voor alle te late gesprekscycli" in form.inner_text()
    with hr.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "herinneringen verstuurd" in hr.content()
    screenshot(hr, "reminders-on-demand-hr")

    # The hourly sweep runs later that day: it would send the overdue reminders now.
    traveller.move_to(datetime.datetime(2026, 3, 5, 11, 0, tzinfo=datetime.UTC))
    reminders_sweep()
    mine = Notification.objects.filter(
        recipient=org.manager.user, review=review, channel="in_app", kind__in=["reminder", "overdue"]
    )
    assert mine.count() == 1

    manager = log_in(chromium, live_server, people["manager"])
    manager.goto(f"{live_server.url}/notifications/")
    inbox = manager.locator("ul.inbox").inner_text()
    assert inbox.count("Eva Employee") == 1, inbox
    screenshot(manager, "reminders-on-demand-manager-inbox")

    hr.goto(f"{live_server.url}/reviews/{review.pk}/")
    assert "Herinnering verstuurd aan Max Manager" in hr.content()
