"""Dates in messages are Dutch words ("1 december 2026"), never ISO (issue 16): one helper, core.dates."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.dates import long_date
from reviewcycle.services import goal_create

pytestmark = pytest.mark.django_db


def test_long_date_is_the_date_in_words_of_the_active_language():
    with translation.override("nl"):
        assert long_date(datetime.date(2026, 12, 1)) == "1 december 2026"
        assert long_date(datetime.datetime(2026, 3, 9, 23, 30, tzinfo=datetime.UTC)) == "10 maart 2026"
        assert long_date(None) == "—"
    with translation.override("en"):
        assert long_date(datetime.date(2026, 12, 1)) == "1 December 2026"


def test_a_services_refusal_names_the_dates_in_dutch(review, org):
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        goal_create(
            review=review, actor=org.manager.user, title="Te laat", deadline=datetime.date(2027, 3, 1)
        )
    message = " ".join(refused.value.messages)
    assert "1 januari 2026" in message
    assert "31 december 2026" in message
    assert "2026-" not in message
