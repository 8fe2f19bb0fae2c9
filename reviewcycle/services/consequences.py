"""The consequences of the appraisal on one review: proposed by the manager with the scores, confirmed by
the second reviewer with the finalisation, changed by an upheld objection.

Which consequences a rating may carry, and the default per rating, are the regeling's
(``models.consequences``, the cycle's ``template_version``). The rules:

- The manager proposes them as the scores are submitted (``review_submit_scores``): left out, the
  proposal is the default, which is the regeling's defaults for the overall rating, or, after an
  upheld objection changed them, the consequences as the objection left them. A different choice
  needs a reason (the employee reads it).
- Only kinds the regeling allows, each named once, none that exclude each other
  (``EXCLUSIVE_KINDS``: a pay step granted or withheld, one advice on the contract); an amount only
  for a one-off bonus, at least 0.
- The second reviewer confirms them with the finalisation (``review_finalise``); they take effect on
  the first day of the month after the finalisation (``effective_date_after``), the date payroll
  applies them (the export). A reopened appraisal is proposed and confirmed again.
- Whoever decides an objection (``review_decide_objection``: HR, the second reviewer or the committee, as
  the regeling says) may, upholding it, change them, with the decision's reasons.
- Each is recorded just before the step it goes with (the step's event stays the review's last).

Every change is a ``ReviewEvent`` with ``old`` and ``new`` (``{"consequences": [...], "reason": …}``).
Errors: ``ValidationError`` (400) by field (``consequences``, ``consequences_reason``).
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import AbstractBaseUser as User
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import validate_single_line
from reviewcycle.models import (
    EXCLUSIVE_KINDS,
    ConsequenceKind,
    ConsequenceProposal,
    Review,
    ReviewConsequence,
    ReviewEvent,
)
from reviewcycle.scoring import overall_proposal
from reviewcycle.services.inputs import clean_text

FIELD = "consequences"
REASON_FIELD = "consequences_reason"


def allowed_kinds(review: Review) -> list[str]:
    """The kinds of consequence ``review``'s regeling allows, in ``ConsequenceKind`` order (empty: none)."""
    version = review.cycle.template_version
    allowed = {row.kind for row in version.consequences.all()}
    return [kind for kind in ConsequenceKind.values if kind in allowed]


def default_kinds(review: Review, rating_value: int | None) -> list[str]:
    """The regeling's default consequences for the overall rating ``rating_value`` (empty for none)."""
    if rating_value is None:
        return []
    version = review.cycle.template_version
    chosen = {row.kind for row in version.consequence_defaults.all() if row.rating_value == rating_value}
    return [kind for kind in ConsequenceKind.values if kind in chosen]


def effective_date_after(moment: datetime.datetime) -> datetime.date:
    """When consequences confirmed at ``moment`` take effect: the first day of the next month (local)."""
    day = timezone.localtime(moment).date()
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def current_items(proposal: ConsequenceProposal | None) -> list[dict]:
    """The consequences of ``proposal`` as the audit and the comparisons hold them: ``[{"kind", "amount"
    (a string, or None), "note"}]`` in ``ConsequenceKind`` order."""
    if proposal is None:
        return []
    return _sorted(
        [
            {
                "kind": item.kind,
                "amount": None if item.amount is None else str(item.amount),
                "note": item.note,
            }
            for item in proposal.items.all()
        ]
    )


def _sorted(items: list[dict]) -> list[dict]:
    order = {kind: index for index, kind in enumerate(ConsequenceKind.values)}
    return sorted(items, key=lambda item: order[item["kind"]])


def clean_consequences(review: Review, items: list[dict]) -> list[dict]:
    """``items`` (``[{"kind", "amount"?, "note"?}]``) checked against ``review``'s regeling and cleaned as
    ``current_items`` returns them. ``ValidationError`` on ``consequences`` (400): a kind the regeling does
    not allow, one named twice, kinds that exclude each other, an amount other than a bonus's or below 0,
    a note with a line break or control character."""
    allowed = allowed_kinds(review)
    cleaned = []
    for item in items:
        kind = item.get("kind")
        if kind not in allowed:
            raise ValidationError(
                {FIELD: _("“%(kind)s” is not a consequence this regeling allows.") % {"kind": kind}}
            )
        amount = item.get("amount")
        if amount in ("", None):
            amount = None
        else:
            if kind != ConsequenceKind.BONUS:
                raise ValidationError({FIELD: _("Only a one-off bonus has an amount.")})
            try:
                amount = Decimal(str(amount)).quantize(Decimal("0.01"))
            except InvalidOperation:
                raise ValidationError({FIELD: _("Give the bonus as an amount in euros.")}) from None
            if amount < 0 or amount >= Decimal("10000000"):
                raise ValidationError({FIELD: _("Give the bonus as an amount in euros.")})
            amount = str(amount)
        note = clean_text(item.get("note", ""), FIELD, required=False, max_length=500)
        try:
            validate_single_line(note)
        except ValidationError as error:
            raise ValidationError({FIELD: error.messages}) from None
        cleaned.append({"kind": kind, "amount": amount, "note": note})
    kinds = [item["kind"] for item in cleaned]
    if len(kinds) != len(set(kinds)):
        raise ValidationError({FIELD: _("Each consequence is named once.")})
    for group in EXCLUSIVE_KINDS:
        clash = [str(ConsequenceKind(kind).label) for kind in kinds if kind in group]
        if len(clash) > 1:
            raise ValidationError(
                {FIELD: _("These consequences exclude each other: %(kinds)s.") % {"kinds": ", ".join(clash)}}
            )
    return _sorted(cleaned)


def proposed_default(review: Review) -> list[str]:
    """The kinds the manager proposes unless they choose otherwise: after an upheld objection changed
    them, those; else the regeling's defaults for the review's overall rating."""
    proposal = getattr(review, "consequence_proposal", None) if _has_proposal(review) else None
    if proposal is not None and proposal.source == ConsequenceProposal.Source.OBJECTION:
        return [item["kind"] for item in current_items(proposal)]
    rating = review.overall_rating or overall_proposal(review)  # before submitting: what it will be
    return default_kinds(review, rating.value if rating is not None else None)


def _has_proposal(review: Review) -> bool:
    try:
        review.consequence_proposal  # noqa: B018 -- a reverse one-to-one raises when absent
    except ConsequenceProposal.DoesNotExist:
        return False
    return True


def _proposal(review: Review) -> ConsequenceProposal | None:
    return review.consequence_proposal if _has_proposal(review) else None


def _store(
    review: Review,
    *,
    actor: User | None,
    items: list[dict],
    reason: str,
    source: str,
    kind: ReviewEvent.Kind,
) -> ConsequenceProposal:
    proposal = _proposal(review)
    old = {"consequences": current_items(proposal), "reason": proposal.reason if proposal else ""}
    was_confirmed = bool(proposal and proposal.confirmed_at)
    if proposal is None:
        proposal = ConsequenceProposal(review=review)
    proposal.source, proposal.reason = source, reason
    proposal.proposed_by, proposal.proposed_at = actor, timezone.now()
    proposal.confirmed_by = proposal.confirmed_at = proposal.effective_date = None
    proposal.save()
    new = {"consequences": items, "reason": reason}
    if old["consequences"] != items:
        proposal.items.all().delete()
        ReviewConsequence.objects.bulk_create(
            ReviewConsequence(
                proposal=proposal,
                kind=item["kind"],
                amount=None if item["amount"] is None else Decimal(item["amount"]),
                note=item["note"],
            )
            for item in items
        )
    if old != new or was_confirmed:
        ReviewEvent.record(review=review, actor=actor, kind=kind, old=old, new=new)
    return proposal


def consequences_propose(
    *, review: Review, actor: User, consequences: list[dict] | None, reason: str = ""
) -> ConsequenceProposal | None:
    """The manager proposes the consequences of ``review``'s appraisal (called by ``review_submit_scores``
    within its transaction, after the overall rating is set). ``consequences`` None: the default
    (``proposed_default``); a list different from it (by kind) needs ``reason`` (400 on
    ``consequences_reason``). None returned, and nothing stored, when the regeling has no consequences
    (and 400 on ``consequences`` when some were sent)."""
    if not allowed_kinds(review):
        if consequences:
            raise ValidationError({FIELD: _("This regeling has no consequences of the appraisal.")})
        return None
    default = proposed_default(review)
    current = _proposal(review)
    if (
        consequences is None
        and current is not None
        and current.source == ConsequenceProposal.Source.OBJECTION
    ):
        items = current_items(current)  # as the objection decided them, amounts and notes included
    elif consequences is None:
        items = clean_consequences(review, [{"kind": kind} for kind in default])
    else:
        items = clean_consequences(review, consequences)
    reason = clean_text(reason, REASON_FIELD, required=False)
    if sorted(item["kind"] for item in items) != sorted(default):
        if not reason:
            raise ValidationError(
                {
                    REASON_FIELD: _(
                        "These consequences differ from the default for this rating: give a reason."
                    )
                }
            )
    else:
        reason = ""
    # Following what an upheld objection decided keeps it the objection's (the default of later rounds).
    followed = reason == "" and current is not None and current.source == ConsequenceProposal.Source.OBJECTION
    if followed:
        reason = current.reason  # the decision's reasons stay with what it decided
    return _store(
        review,
        actor=actor,
        items=items,
        reason=reason,
        source=ConsequenceProposal.Source.OBJECTION if followed else ConsequenceProposal.Source.MANAGER,
        kind=ReviewEvent.Kind.CONSEQUENCES_PROPOSED,
    )


def consequences_confirm(*, review: Review, actor: User) -> ConsequenceProposal | None:
    """The second reviewer confirms the proposed consequences as they finalise ``review`` (called by
    ``review_finalise`` within its transaction, once the step is theirs; if the finalisation is then
    refused, this rolls back with it): they take effect on ``effective_date_after`` the finalisation.
    None when there are none to confirm. Audited (``CONSEQUENCES_CONFIRMED``)."""
    proposal = _proposal(review)
    if proposal is None:
        return None
    moment = timezone.now()  # the finalisation's moment (this runs within it)
    proposal.confirmed_by, proposal.confirmed_at = actor, moment
    proposal.effective_date = effective_date_after(moment)
    proposal.save(update_fields=["confirmed_by", "confirmed_at", "effective_date", "updated_at"])
    ReviewEvent.record(
        review=review,
        actor=actor,
        kind=ReviewEvent.Kind.CONSEQUENCES_CONFIRMED,
        old={"confirmed": False},
        new={"confirmed": True, "effective_date": proposal.effective_date.isoformat()},
        payload={"consequences": current_items(proposal)},
    )
    return proposal


def consequences_change_on_objection(
    *, review: Review, actor: User, consequences: list[dict] | None, decision: str, reason: str
) -> ConsequenceProposal | None:
    """The deciding party (``rules.may_decide_objection``) upholding the objection on ``review`` (called by ``review_decide_objection`` within its
    transaction, before the decision is recorded) changes the consequences to ``consequences``; None:
    unchanged. Only with an upheld ``decision`` and kinds the regeling allows (``clean_consequences``),
    else ``ValidationError`` (400) on ``consequences``. ``reason`` is the decision's; the manager's next
    proposal starts from these. Audited (``CONSEQUENCES_CHANGED``) with old and new."""
    if consequences is None:
        return None
    if decision != Review.ObjectionDecision.UPHELD:
        raise ValidationError({FIELD: _("Only an upheld objection can change the consequences.")})
    if not allowed_kinds(review):
        raise ValidationError({FIELD: _("This regeling has no consequences of the appraisal.")})
    items = clean_consequences(review, consequences)
    return _store(
        review,
        actor=actor,
        items=items,
        reason=reason,
        source=ConsequenceProposal.Source.OBJECTION,
        kind=ReviewEvent.Kind.CONSEQUENCES_CHANGED,
    )
