"""What makes a regeling's shape one that can finish: checked when HR publishes a version.

Each rule gives the sentence HR reads next to the field it concerns. The rules follow the review's
state machine (``reviewcycle.models.Review``): scores are discussed in a closing talk, a second
reviewer finalises a closing talk's outcome, an objection is made against one, and a cycle without a
closing talk ends with its last talk, so it needs at least one.
"""

from dataclasses import dataclass
from itertools import pairwise

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reviewcycle.models import DUE_DATE_FIELDS, EXCLUSIVE_KINDS, ConsequenceKind, CycleTemplateVersion, Review

Version = CycleTemplateVersion
MAX_DUE_MONTHS = 12

# The five due dates as HR reads them: what is done by then (the shape form's labels too).
DUE_LABELS = {
    "planning_due": gettext_lazy("Planning talk held"),
    "progress_due": gettext_lazy("Progress talk(s) held"),
    "self_assessment_due": gettext_lazy("Self-assessment done"),
    "scoring_due": gettext_lazy("Scores done"),
    "appraisal_due": gettext_lazy("Appraisal talk held"),
}


@dataclass(frozen=True)
class Problem:
    """Why a shape cannot be published: ``message`` (in the active language) next to ``field``."""

    field: str
    message: str


def phases_on_path(version: Version) -> list[str]:
    """The due-date fields (``DUE_DATE_FIELDS``) of the phases this shape has, in order."""
    wanted = {
        "planning_due": version.has_planning_talk,
        "progress_due": version.min_progress_talks > 0,
        "self_assessment_due": version.has_self_assessment,
        "scoring_due": version.has_scores,
        "appraisal_due": version.has_appraisal_talk,
    }
    return [field for field in DUE_DATE_FIELDS if wanted[field]]


def settings_not_used(version: Version) -> set[str]:
    """The settings (``SHAPE_FIELDS`` and ``DUE_DATE_FIELDS``) of parts ``version``'s shape switches off:
    due dates of phases it lacks, scores' settings without scores, a committee it does not ask, the
    start date's days outside probation, the informants' settings when none are asked."""
    unused = {field for field in DUE_DATE_FIELDS if field not in phases_on_path(version)}
    if not version.has_scores:
        unused |= {"rating_scale", "goal_weight", "competency_weight"}
    if version.objection_route != Version.ObjectionRoute.COMMITTEE:
        unused.add("objection_committee")
    if version.period != Version.Period.EMPLOYMENT:
        unused |= {"start_talk_within_days", "evaluation_before_end_days"}
    if not version.informant_phases:
        unused |= {
            "informants_by_employee",
            "informant_anonymous_relations",
            "informant_min_group",
            "informant_merge_small_groups",
        }
    return unused


def shape_problems(version: Version) -> list[Problem]:
    """Every reason ``version`` cannot be published (empty: it can). See the module docstring."""
    problems = []

    def problem(field: str, message: str) -> None:
        problems.append(Problem(field, message))

    if not (version.has_planning_talk or version.min_progress_talks or version.has_appraisal_talk):
        problem("has_planning_talk", _("The cycle has no talk at all: choose at least one."))
    if version.has_scores:
        if not version.has_appraisal_talk:
            problem("has_scores", _("Scores are discussed in a closing talk: switch the closing talk on."))
        if version.rating_scale_id is None:
            problem("rating_scale", _("An appraisal with scores needs a rating scale."))
        if version.goal_weight + version.competency_weight != 100:
            problem("goal_weight", _("The weights of goals and competencies must add up to 100."))
        elif not version.has_planning_talk and version.goal_weight:
            problem(
                "goal_weight",
                _("Goals are agreed in the planning talk: without one, give goals a weight of 0."),
            )
    if version.has_self_assessment and not version.has_scores:
        problem(
            "has_self_assessment",
            _(
                "The self-assessment scores the same competencies as the manager: it needs an appraisal with scores."
            ),
        )
    if version.has_second_review and not version.has_appraisal_talk:
        problem(
            "has_second_review",
            _("The second reviewer finalises a closing talk: switch the closing talk on."),
        )
    if version.talk_reports_signed and not version.min_progress_talks:
        problem(
            "talk_reports_signed",
            _("The employee signs the reports of the progress talks: require at least one progress talk."),
        )
    if version.has_advice and not version.has_appraisal_talk:
        problem("has_advice", _("The advice is given in the closing talk: switch the closing talk on."))
    route = version.objection_route
    if route != Version.ObjectionRoute.NONE and not version.has_appraisal_talk:
        problem(
            "objection_route",
            _("An objection is made against a closing talk: choose no objection or add one."),
        )
    if route == Version.ObjectionRoute.SECOND_REVIEWER and not version.has_second_review:
        problem(
            "objection_route",
            _(
                "The second reviewer decides an objection only where there is one: switch the second reviewer on."
            ),
        )
    if route == Version.ObjectionRoute.COMMITTEE and version.objection_committee_id is None:
        problem("objection_committee", _("Name the group whose members form the objection committee."))
    if route != Version.ObjectionRoute.COMMITTEE and version.objection_committee_id is not None:
        problem(
            "objection_committee",
            _("An objection committee only decides when the committee decides objections."),
        )
    problems.extend(_signature_problems(version))
    problems.extend(_period_problems(version))
    problems.extend(_consequence_problems(version))
    problems.extend(_informant_problems(version))
    return problems


INFORMANT_PHASES = ["progress", "appraisal"]
INFORMANT_RELATIONS = ["manager", "colleague", "report", "external"]


def _informant_problems(version: Version) -> list[Problem]:
    """The informants' settings (``reviewcycle.informants``): known phases and relations, each named once,
    and an anonymous group of at least two (one answer alone is never anonymous)."""
    problems = []
    for field, known in (
        ("informant_phases", INFORMANT_PHASES),
        ("informant_anonymous_relations", INFORMANT_RELATIONS),
    ):
        values = getattr(version, field) or []
        if not isinstance(values, list) or any(value not in known for value in values):
            problems.append(Problem(field, _("Choose from: %(choices)s.") % {"choices": ", ".join(known)}))
        elif len(values) != len(set(values)):
            problems.append(Problem(field, _("Name each one once.")))
    if not 2 <= (version.informant_min_group or 0) <= 20:
        problems.append(
            Problem("informant_min_group", _("Choose a smallest anonymous group of 2 to 20 people."))
        )
    return problems


def _consequence_problems(version: Version) -> list[Problem]:
    """The consequences of the appraisal (``models.consequences``): they follow from an overall rating,
    so they need scores; each default is an allowed kind, for a point of the version's scale, and the
    defaults of one rating do not exclude each other (``EXCLUSIVE_KINDS``)."""
    allowed = {row.kind for row in version.consequences.all()}
    defaults = list(version.consequence_defaults.all())
    if not allowed and not defaults:
        return []
    if not version.has_scores:
        return [
            Problem(
                "consequences",
                _("Consequences follow from the overall rating: they need an appraisal with scores."),
            )
        ]
    values = (
        set(version.rating_scale.options.values_list("value", flat=True)) if version.rating_scale_id else None
    )
    by_rating: dict[int, list[str]] = {}
    for default in defaults:
        by_rating.setdefault(default.rating_value, []).append(default.kind)
    return [
        Problem("consequence_defaults", message)
        for _value, message in default_problems(allowed=allowed, defaults=by_rating, scale_values=values)
    ]


def default_problems(
    *, allowed: set[str], defaults: dict[int, list[str]], scale_values: set[int] | None
) -> list[tuple[int, str]]:
    """(rating value, reason) for each way the defaults per rating ``defaults`` (rating value → kinds)
    break the rules: a kind not in ``allowed``, a rating that is not a point of the scale (its values
    ``scale_values``; None: no scale chosen, not checked), kinds of one rating that exclude each other
    (``EXCLUSIVE_KINDS``). Publish and the draft's page (``shapes.editing``) both use it."""
    problems = []
    for value, kinds in sorted(defaults.items()):
        for kind in kinds:
            if kind not in allowed:
                problems.append(
                    (
                        value,
                        _("The default “%(kind)s” is not one of the consequences this regeling allows.")
                        % {"kind": ConsequenceKind(kind).label},
                    )
                )
        if scale_values is not None and kinds and value not in scale_values:
            problems.append(
                (
                    value,
                    _("A default is given for %(value)s, which is not a point on the rating scale.")
                    % {"value": value},
                )
            )
    for value, kinds in sorted(defaults.items()):
        if any(len(set(kinds) & group) > 1 for group in EXCLUSIVE_KINDS):
            problems.append(
                (value, _("The defaults for rating %(value)s exclude each other.") % {"value": value})
            )
    return problems


def _signature_problems(version: Version) -> list[Problem]:
    options = version.signature_options
    known = {Review.Signature.SEEN, Review.Signature.AGREED}
    if not isinstance(options, list) or not options or any(option not in known for option in options):
        return [Problem("signature_options", _('Choose how the employee signs: "seen", "agreed" or both.'))]
    if len(set(options)) != len(options):
        return [Problem("signature_options", _("Each way of signing is named once."))]
    return []


def _period_problems(version: Version) -> list[Problem]:
    individual = (version.start_talk_within_days, version.evaluation_before_end_days)
    if version.period == Version.Period.EMPLOYMENT:
        if all(days is None for days in individual):
            return [
                Problem(
                    "start_talk_within_days",
                    _("Counted from the start date: say within how many days the start talk is held."),
                )
            ]
        return []
    problems = []
    if any(days is not None for days in individual):
        problems.append(
            Problem(
                "period",
                _("Days from the start date or contract end only apply to start and probation talks."),
            )
        )
    found = due_offsets_problem(version)
    if found is not None:
        problems.append(Problem("due_offsets", found[1]))
    return problems


def due_offsets_problem(version: Version) -> tuple[str, str] | None:
    """(the due date it concerns, a ``DUE_DATE_FIELDS`` name; why) when ``version``'s due dates
    (``due_offsets``) cannot be published, else None: not whole months (the first date), a phase on the
    path without one, one outside the twelve months, or one before the phase before it (the later date).
    Publish reports it on ``due_offsets``; HR's page shows it beside the date it concerns."""
    offsets = version.due_offsets if isinstance(version.due_offsets, dict) else None
    if offsets is None or any(
        field not in DUE_DATE_FIELDS or not isinstance(months, int) or isinstance(months, bool)
        for field, months in offsets.items()
    ):
        return DUE_DATE_FIELDS[0], _("Give each phase's due date as whole months after the start.")
    path = phases_on_path(version)
    missing = [field for field in path if field not in offsets]
    if missing:
        return missing[0], _("Say when each phase of the cycle is due.")
    outside = [field for field in path if not 0 <= offsets[field] <= MAX_DUE_MONTHS]
    if outside:
        return outside[0], _("A due date lies within the twelve months of the period.")
    for earlier, later in pairwise(path):
        if offsets[later] < offsets[earlier]:
            message = _(
                "%(later)s (month %(later_month)s) comes before %(earlier)s (month %(earlier_month)s): "
                "the phases' due dates must follow each other in order."
            ) % {
                "later": DUE_LABELS[later],
                "later_month": offsets[later],
                "earlier": DUE_LABELS[earlier],
                "earlier_month": offsets[earlier],
            }
            return later, message
    return None
