"""The review page's section *Input van anderen*: the requests and what the reader may see of the
answers (``informant_feedback``), and the form to ask someone where the reader may (``request_refusal``)."""

from django.utils import timezone

from reviewcycle import rules
from reviewcycle.informants.display import (
    anonymity_note,
    counts_text,
    group_label,
    group_title,
    hidden_reason,
    mark_label,
    state_label,
)
from reviewcycle.informants.selectors import InformantFeedback, anonymous_relations, informant_feedback
from reviewcycle.informants.services import request_refusal
from reviewcycle.models import InformantRequest, Review
from web.informants.forms import InformantRequestForm

Relation = InformantRequest.Relation


def informant_section(
    request,
    review: Review,
    form: InformantRequestForm | None = None,
    *,
    feedback: InformantFeedback | None = None,
) -> dict | None:
    """The section's context for ``request.user``; None when the review has no requests and the reader
    may not ask (the section is not shown). ``feedback``: ``informant_feedback`` for this reader when the
    caller has it already (the appraisal form carries it)."""
    user = request.user
    if feedback is None:
        feedback = informant_feedback(review=review, reader_id=user.pk)
    may_ask = request_refusal(review, user) is None
    if not feedback.requests and not may_ask:
        return None
    manager = rules.is_manager(review, user)
    anonymous = anonymous_relations(review)
    return {
        "feedback": feedback,
        "note": anonymity_note(anonymous, feedback.min_group),
        "groups": [
            {
                "label": group_title(group.group),
                "group": group,
                "named": _named(feedback, group),
                "hidden": hidden_reason(group, feedback, anonymous),
                "indicators": [
                    {"aggregate": item, "counts": counts_text(item.counts) if item.counts else None}
                    for item in group.indicators
                ],
            }
            for group in feedback.groups
        ],
        "lines": [
            {
                "line": line,
                "relation": group_label(line.relation),
                "state": state_label(line.state),
                "withdrawable": (line.mine or manager) and line.state in ("requested", "open"),
            }
            for line in feedback.requests
        ],
        "form": form
        or (InformantRequestForm(review=review, user=user, prefix="informant") if may_ask else None),
        "today": timezone.localdate(),
    }


def _named(feedback, group) -> list[dict]:
    """``group``'s named informants' answers (named relations only: the selector gives no others)."""
    indicators = {item.indicator_id: item.text for each in feedback.groups for item in each.indicators}
    questions = {item.question_id: item.text for each in feedback.groups for item in each.questions}
    return [
        {
            "informant": named.informant,
            "marks": [(indicators.get(pk, ""), mark_label(mark)) for pk, mark in named.marks.items()],
            "answers": [(questions.get(pk, ""), value) for pk, value in named.answers.items()],
        }
        for named in group.named
    ]
