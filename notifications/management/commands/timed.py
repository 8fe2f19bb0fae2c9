"""``manage.py timed [--as-of YYYY-MM-DD]``: run every time-driven step now, as beat does each hour.

With ``--as-of`` the steps run as if it were that day (a simulated date, for acceptance and test
environments and integrators): response terms that ended before it expire, appraisals due to start
start, people whose end date passed leave, and the reminders, overdue reminders and escalations of that
day go out. Refused where ``SIMULATED_DATES_ALLOWED`` is off (production).
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import as_of as as_of_day
from notifications.services import reminders_sweep
from people.services import employees_leave_due
from reviewcycle.services.cycles import FIRST_YEAR, LAST_YEAR
from reviewcycle.services.timed import reviews_expire_responses_due, reviews_start_appraisal_due


def _day(value: str) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("Give the date as YYYY-MM-DD, for example 2026-12-15.")) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:  # a cycle's years: beyond them the steps' date sums overflow
        raise CommandError(
            _("Give a date in the years %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return day


class Command(BaseCommand):
    help = (
        "Run the time-driven steps (expired response terms, appraisals due to start, leavers, reminders) now, "
        "or with --as-of as if it were that day (not in production)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=_day, default=None, help="The simulated day, YYYY-MM-DD.")

    def handle(self, *args, as_of: datetime.date | None, **options):
        if as_of is not None and not settings.SIMULATED_DATES_ALLOWED:
            raise CommandError(
                _(
                    "A simulated date is switched off here (SIMULATED_DATES_ALLOWED): time-driven steps follow the real date."
                )
            )
        today = as_of or timezone.localdate()
        with as_of_day(today):  # the steps' conditions judge by the same day
            expired = reviews_expire_responses_due(today=today)
            started = reviews_start_appraisal_due(today=today)
            left = len(employees_leave_due(today=today))
            swept = reminders_sweep(today=today)
        self.stdout.write(
            _(
                "As of %(date)s — response terms expired: %(expired)s; appraisals started: %(started)s; people who "
                "left: %(left)s; reminders written: %(reminders)s."
            )
            % {
                "date": today.isoformat(),
                "expired": expired,
                "started": started,
                "left": left,
                "reminders": swept["created"],
            }
        )
