"""Dates in what people read: "1 december 2026" in Dutch ("1 December 2026" in English), never ISO;
a moment as "1 december 2026 om 10:15" ("1 December 2026 at 10:15").

The one helper for dates in messages: services' refusals, form errors, flash messages, notifications
and the texts of the pages (templates use Django's ``date`` filter with ``"j F Y"``, the same format,
and ``{% load dates %}{{ moment|long_datetime }}`` for a date with its time).
"""

import calendar
import contextlib
import contextvars
import functools
from datetime import date, datetime

from django.utils import formats, timezone, translation
from django.utils.translation import gettext

LONG_DATE = "j F Y"


def long_date(value: date | datetime | None) -> str:
    """``value`` as "1 december 2026" in the active language; a datetime at its local date; "—" for None."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return _long_date_in(value, translation.get_language())


@functools.lru_cache(maxsize=4096)
def _long_date_in(value: date, language: str | None) -> str:
    # A reminder sweep writes the same few due dates thousands of times: each is formatted once per language.
    return formats.date_format(value, LONG_DATE)


def long_datetime(value: datetime | None) -> str:
    """``value`` at its local time as "9 december 2026 om 10:15" in the active language; "—" for None."""
    if value is None:
        return "—"
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    # Translators: a moment: "9 december 2026 om 10:15".
    return gettext("%(date)s at %(time)s") % {
        "date": long_date(value),
        "time": formats.time_format(value, "H:i"),
    }


# The day the time-driven steps take as today: the organisation's local date, or inside ``as_of`` a
# simulated one (``manage.py timed --as-of``, never in production: ``SIMULATED_DATES_ALLOWED``).
_simulated_today: contextvars.ContextVar[date | None] = contextvars.ContextVar(
    "simulated_today", default=None
)


def today() -> date:
    """Today for the rules that follow the calendar (transition conditions, terms): the organisation's local
    date, or the simulated day inside ``as_of``."""
    return _simulated_today.get() or timezone.localdate()


@contextlib.contextmanager
def as_of(day: date):
    """Within this block ``today()`` is ``day`` (a simulated date for the time-driven steps)."""
    token = _simulated_today.set(day)
    try:
        yield day
    finally:
        _simulated_today.reset(token)


def months_later(day: date, months: int) -> date:
    """``day`` moved ``months`` calendar months on, kept within the month (31 January + 1 → 28/29 February)."""
    years, month = divmod(day.month - 1 + months, 12)
    year = day.year + years
    return day.replace(year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1]))
