"""The next step of a review, written per reader: defined once, for the pages, the lists and the API.

The one who must act reads the instruction (``workflow.NEXT_ACTION``: "Houd het planningsgesprek …");
everyone else reads who does what, by when: the employee about themselves ("Je leidinggevende houdt
het planningsgesprek met je, uiterlijk 1 maart 2026."), the manager, the second reviewer and HR about
the people by name. A review without a second reviewer waits for HR in second review.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import long_date
from core.text import lower_first
from reviewcycle.conditions import signed_in_response
from reviewcycle.models import Review
from reviewcycle.rules import Role, roles_of
from reviewcycle.workflow import NEXT_ACTION, next_action, owner_role_of

State = Review.State
OTHERS = "others"  # any reader without a text of their own

# state → reader role (or OTHERS) → what they read; %(employee)s, %(manager)s, %(second)s are names.
FOR_READERS = {
    State.PLANNING: {
        Role.EMPLOYEE: gettext_lazy("Your manager holds the planning talk with you"),
        OTHERS: gettext_lazy("%(manager)s holds the planning talk with %(employee)s"),
    },
    State.PLAN_SIGNOFF: {OTHERS: gettext_lazy("%(employee)s signs the plan")},
    State.IN_PROGRESS: {
        Role.EMPLOYEE: gettext_lazy("Your manager holds a progress talk with you, then starts the appraisal"),
        OTHERS: gettext_lazy(
            "%(manager)s holds a progress talk with %(employee)s, then starts the appraisal"
        ),
    },
    State.SELF_ASSESSMENT: {OTHERS: gettext_lazy("%(employee)s fills in the self-assessment")},
    State.SCORING: {
        Role.EMPLOYEE: gettext_lazy("Your manager scores your competencies and goals"),
        OTHERS: gettext_lazy("%(manager)s scores the competencies and goals of %(employee)s"),
    },
    State.APPRAISAL_TALK: {
        Role.EMPLOYEE: gettext_lazy("Your manager holds the appraisal talk with you"),
        OTHERS: gettext_lazy("%(manager)s holds the appraisal talk with %(employee)s"),
    },
    State.EMPLOYEE_RESPONSE: {OTHERS: gettext_lazy("%(employee)s signs the appraisal or objects")},
    State.OBJECTION: {
        Role.EMPLOYEE: gettext_lazy("HR decides on your objection"),
        OTHERS: gettext_lazy("HR decides on the objection of %(employee)s"),
    },
    State.SECOND_REVIEW: {
        Role.EMPLOYEE: gettext_lazy(
            "Your second reviewer finalises the appraisal or returns it to your manager"
        ),
        Role.MANAGER: gettext_lazy("%(second)s finalises the appraisal of %(employee)s or returns it to you"),
        OTHERS: gettext_lazy(
            "%(second)s finalises the appraisal of %(employee)s or returns it to %(manager)s"
        ),
    },
}

# On the employment period (start and probation, ``is_for_individuals``) the talks are the start talk and
# the evaluation (``CycleTemplateVersion.talk_name``), with no progress talk required before it.
FOR_READERS_ON_EMPLOYMENT = {
    State.PLANNING: {
        Role.EMPLOYEE: gettext_lazy("Your manager holds the start talk with you"),
        OTHERS: gettext_lazy("%(manager)s holds the start talk with %(employee)s"),
    },
    State.IN_PROGRESS: {
        Role.EMPLOYEE: gettext_lazy("Your manager starts the evaluation"),
        OTHERS: gettext_lazy("%(manager)s starts the evaluation of %(employee)s"),
    },
    State.APPRAISAL_TALK: {
        Role.EMPLOYEE: gettext_lazy("Your manager holds the evaluation talk with you"),
        OTHERS: gettext_lazy("%(manager)s holds the evaluation talk with %(employee)s"),
    },
}
# Where the regeling has no bedenkingen (``objection_route`` "none"), the employee only signs.
SIGNS_ONLY = {OTHERS: gettext_lazy("%(employee)s signs the appraisal")}
SIGNS_ONLY_ON_EMPLOYMENT = {OTHERS: gettext_lazy("%(employee)s signs the evaluation")}

# An objection decided by another than HR (``rules.objection_decider_role``).
OBJECTION_DECIDED_BY = {
    Role.SECOND_REVIEWER: {
        Role.EMPLOYEE: gettext_lazy("Your second reviewer decides on your objection"),
        OTHERS: gettext_lazy("%(second)s decides on the objection of %(employee)s"),
    },
    Role.COMMITTEE: {
        Role.EMPLOYEE: gettext_lazy("The objection committee decides on your objection"),
        OTHERS: gettext_lazy("The objection committee decides on the objection of %(employee)s"),
    },
}
# Signed "voor gezien" without a second reviewer: the review waits for the term (nobody must act).
SIGNED_WAITING = {
    Role.EMPLOYEE: gettext_lazy("You signed as seen and may still object; then the appraisal is final"),
    OTHERS: gettext_lazy("%(employee)s signed as seen and may still object; then the appraisal is final"),
}

# Who reads first when one person holds several roles on the review (the owner's role goes first).
READER_ORDER = [Role.EMPLOYEE, Role.MANAGER, Role.SECOND_REVIEWER, Role.HR]


def acting_roles(review: Review) -> set[Role]:
    """The roles that act next: the owner's, and HR's in second review without a second reviewer."""
    role = owner_role_of(review)
    if role is None:
        return set()
    if role == Role.SECOND_REVIEWER and review.second_reviewer_id is None:
        return {role, Role.HR}
    return {role}


class _Names:
    """The names a text asks for, looked up only when it asks (a list prints hundreds of rows)."""

    def __init__(self, review: Review):
        self.review = review

    def __getitem__(self, key: str) -> str:
        person = {
            "employee": self.review.employee,
            "manager": self.review.manager if self.review.manager_id else None,
            "second": self.review.second_reviewer if self.review.second_reviewer_id else None,
        }[key]
        if person is not None:
            return person.name
        return _("HR") if key == "second" else _("the manager")


def next_step_for(
    review: Review, reader: Role | None, *, dated: bool = True, after_colon: bool = False
) -> str:
    """The next step of ``review`` as ``reader`` reads it, in the active language ("" once done): a
    sentence ending in the due date written out, or (``dated=False``, for a list with a due column)
    the bare step. ``after_colon``: for a place after a label and a colon ("Actie voor jou: houd …"),
    where the step starts in lower case (docs/glossary.md) unless it starts with a name."""
    if review.state not in NEXT_ACTION:
        return ""
    if reader in acting_roles(review):
        template = str(next_action(review.state, review.cycle.template_version))
    else:
        texts = _texts_for_shape(review)
        if review.state == State.OBJECTION:
            texts = OBJECTION_DECIDED_BY.get(acting_roles(review).pop(), texts)
        elif signed_in_response(review):
            texts = SIGNED_WAITING
        template = str(texts.get(reader, texts[OTHERS]))
    step = (lower_first(template) if after_colon else template) % _Names(review)
    if not dated:
        return step
    if review.due_date is None:
        return _("%(step)s.") % {"step": step}
    return _("%(step)s, by %(date)s.") % {"step": step, "date": long_date(review.due_date)}


def _texts_for_shape(review: Review) -> dict:
    """What the readers who do not act read in ``review``'s state, as its regeling names its talks."""
    version = review.cycle.template_version
    if review.state == State.EMPLOYEE_RESPONSE and version.objection_route == version.ObjectionRoute.NONE:
        return SIGNS_ONLY_ON_EMPLOYMENT if version.is_for_individuals else SIGNS_ONLY
    # With progress talks required before it, the evaluation is started after them (the default text).
    progress_first = review.state == State.IN_PROGRESS and version.min_progress_talks
    if version.is_for_individuals and review.state in FOR_READERS_ON_EMPLOYMENT and not progress_first:
        return FOR_READERS_ON_EMPLOYMENT[review.state]
    return FOR_READERS[review.state]


def reader_role(review: Review, user) -> Role | None:
    """The role ``user`` reads the review in: the acting one if they hold it, else the first they hold."""
    held = roles_of(review, user)
    acting = held & acting_roles(review)
    if acting:
        return next(iter(acting))
    return next((role for role in READER_ORDER if role in held), None)


def next_step(review: Review, user) -> str:
    """The next step of ``review`` as ``user`` reads it (see ``next_step_for``)."""
    return next_step_for(review, reader_role(review, user))
