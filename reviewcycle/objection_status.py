"""Where a review's objection (*bedenkingen*) stands, for one review and for querysets, and when its
decision is due (``reviewcycle.workflow`` reads these too)."""

from datetime import date, timedelta

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reviewcycle.models import Review


class ObjectionStatus:
    """Where a review's (last) objection stands; a later objection (after an upheld one was scored again)
    is open until its own decision."""

    NONE = "none"
    OPEN = "open"
    DECIDED = "decided"
    CHOICES = [(NONE, _("No objection")), (OPEN, _("Objection open")), (DECIDED, _("Objection decided"))]
    LABEL = dict(CHOICES)


def objection_status(review: Review) -> str:
    """``ObjectionStatus`` of the review (the same rule as ``objection_q``)."""
    if review.objected_at is None:
        return ObjectionStatus.NONE
    decided = review.objection_decided_at is not None and review.objection_decided_at >= review.objected_at
    return ObjectionStatus.DECIDED if decided else ObjectionStatus.OPEN


def objection_q(status: str) -> Q:
    """``objection_status`` for querysets: the reviews whose objection stands at ``status``."""
    if status == ObjectionStatus.NONE:
        return Q(objected_at__isnull=True)
    if status == ObjectionStatus.OPEN:
        undecided = Q(objection_decided_at__isnull=True) | Q(objection_decided_at__lt=F("objected_at"))
        return Q(objected_at__isnull=False) & undecided
    return Q(objected_at__isnull=False, objection_decided_at__gte=F("objected_at"))


def objection_decision_due(review: Review) -> date | None:
    """The end of HR's term to decide the review's (last) objection: the day it was lodged plus the
    cycle's ``objection_decision_days`` (the deadline ``DEADLINES`` gives while it is open). None
    without an objection."""
    if review.objected_at is None:
        return None
    lodged = timezone.localtime(review.objected_at).date()
    return lodged + timedelta(days=review.cycle.objection_decision_days)
