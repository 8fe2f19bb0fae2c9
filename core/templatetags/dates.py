"""``{% load dates %}``: dates in what people read, as ``core.dates`` writes them in messages."""

from django import template

from core import dates

register = template.Library()


@register.filter
def long_date(value) -> str:
    """``{{ day|long_date }}``: "9 december 2026" ("—" for none)."""
    return dates.long_date(value)


@register.filter
def long_datetime(value) -> str:
    """``{{ moment|long_datetime }}``: "9 december 2026 om 10:15" at local time ("—" for none)."""
    return dates.long_datetime(value)
