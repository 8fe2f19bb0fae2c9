"""A cycle's figures (its dashboard, its progress) kept until the cycle changes: showing them again costs
the same at any organisation size (issue 17); counting them anew grows with the number of reviews.

Every save of a review or of the cycle marks the cycle's figures out of date (``figures_changed``, from
``receivers``). Figures out of date are counted anew on the next look, but at most once every
``settings.CYCLE_FIGURES_REFRESH_SECONDS`` per reader and view (opening and adding the missing, which write
their reviews in bulk, are shown at the next look however recent: ``at_once``):
in a busy week a dashboard that many look at is counted a few times a minute, not at every look. Each
answer carries the moment it was counted (``as_of``). A change that bypasses ``save`` (an import that
renames people) shows within ``KEEP_SECONDS`` at most.
"""

import datetime
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation

from people.models import HRScope
from people.selectors import hr_sees_whole_organisation, is_hr

KEEP_SECONDS = 10 * 60
logger = logging.getLogger(__name__)


def _version_key(cycle_id: int) -> str:
    return f"cycle-figures:{cycle_id}:version"


def _epoch_key(cycle_id: int) -> str:
    return f"cycle-figures:{cycle_id}:epoch"


def figures_changed(*, cycle_id: int, at_once: bool = False) -> None:
    """Marks the figures of cycle ``cycle_id`` out of date: now, and again when the transaction commits (a
    look in between counts what was there before the commit and must not stay current). ``at_once``: a
    change that alters the whole picture (opening, adding the missing): the next look counts anew even
    within ``CYCLE_FIGURES_REFRESH_SECONDS`` (nothing kept before it is given again). Raises nothing."""
    keys = [_version_key(cycle_id), *([_epoch_key(cycle_id)] if at_once else [])]
    for key in keys:
        _next_version(cycle_id, key)
        transaction.on_commit(lambda key=key: _next_version(cycle_id, key))


def _next_version(cycle_id: int, key: str | None = None) -> None:
    """Counts the version (or the epoch: ``key``) of cycle ``cycle_id``'s figures up; a cache that fails never
    fails the save that called this (the figures then stay as they were for ``KEEP_SECONDS`` at most, logged)."""
    key = key or _version_key(cycle_id)
    try:
        cache.incr(key)
    except Exception:  # noqa: BLE001 - not in the cache (ValueError), not a number (Redis: ResponseError), down
        try:
            # An int, which Redis counts up (INCR); a float would be stored pickled and the next INCR fail.
            cache.set(key, time.time_ns(), None)
        except Exception:  # a cache that is down must not fail the save (logged)
            logger.warning("Cycle %s: its figures could not be marked out of date", cycle_id, exc_info=True)


def reader_key(*, user: AbstractBaseUser) -> str:
    """Who the figures are counted for: every HR user of the whole organisation sees the same figures;
    anyone else sees their own (``reviews_visible_to``), as far as their HR scopes reach now."""
    if hr_sees_whole_organisation(user=user):
        return "whole"
    scopes = (
        sorted(HRScope.objects.filter(user=user).values_list("org_unit_id", flat=True))
        if is_hr(user=user)
        else []
    )
    return f"user:{user.pk}:" + ",".join(map(str, scopes))  # a narrowed scope is another reader


def cached_figures(
    *,
    cycle_id: int,
    view: str,
    user: AbstractBaseUser,
    parameters: tuple[datetime.date | int | None, ...],
    count: Callable[[], dict],
) -> tuple[dict, datetime.datetime]:
    """The figures ``count()`` gives for ``view`` (a name: ``"dashboard"``, ``"progress"``) of cycle
    ``cycle_id`` as ``user`` sees them with ``parameters`` (the date counted on, the unit, …), with the
    moment they were counted (aware ``datetime``).

    Kept figures are given while the cycle has not changed since, or while they are younger than
    ``settings.CYCLE_FIGURES_REFRESH_SECONDS``; else ``count()`` runs and its answer is kept for
    ``KEEP_SECONDS``. ``count()`` must return what pickles (dicts, lists, numbers, dates, texts in the
    active language: the language is part of the key). Raises what ``count()`` raises.
    """
    now = timezone.now()
    reader = reader_key(user=user)
    shown = ":".join(str(value) for value in parameters)  # dates as ISO, ids as digits, None as "None"
    try:
        version = cache.get(_version_key(cycle_id))
        if version is None:  # never changed, or evicted: a new version, so nothing kept before is current
            version = time.time_ns()  # an int, as in _next_version: Redis counts it up
            cache.add(_version_key(cycle_id), version, None)
            version = cache.get(_version_key(cycle_id), version)
        # Figures kept before the last change ``at_once`` (opening) are under another key: never given again.
        epoch = cache.get(_epoch_key(cycle_id), 0)
        key = f"cycle-figures:{cycle_id}:{epoch}:{view}:{reader}:{translation.get_language()}:{shown}"
        kept = cache.get(key)
    except Exception:
        logger.warning("Cycle %s: the kept figures could not be read", cycle_id, exc_info=True)
        return count(), now
    if kept is not None:
        kept_version, counted_at, figures = kept
        if (
            kept_version == version
            or (now - counted_at).total_seconds() < settings.CYCLE_FIGURES_REFRESH_SECONDS
        ):
            return figures, counted_at
    figures = count()
    try:
        cache.set(key, (version, now, figures), KEEP_SECONDS)
    except Exception:
        logger.warning("Cycle %s: the figures could not be kept", cycle_id, exc_info=True)
    return figures, now
