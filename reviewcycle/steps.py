"""The review's steps, each declared once.

A step is a transition of ``Review`` (the model method: sources, target, conditions and the
permission predicate). Everything else about it is declared here, in one ``Step`` entry: the
service that takes it, what the API accepts and the page asks, the button's label, the event it
records, who takes it and what someone else is told. The API's routes, views and schema, the
page's forms and buttons, ``available_transitions`` and the refusals are derived from ``STEPS``.

The service, input serializer and form are named by dotted path and imported when first used:
this module sits below the services, the API and the forms that import it. To add a step: write
the transition on ``Review``, its service in ``services/transitions.py``, its input serializer and
named view in ``apis/steps.py`` and, if people take it on the page, a form in ``forms/steps.py``;
then declare it here and add it to ``STEPS``.
"""

import functools
from dataclasses import dataclass

from django.utils.module_loading import import_string
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from reviewcycle.rules import Role

# Lazy: made in the language of the request that is refused, not of the process that imported this.
MANAGER_ONLY = gettext_lazy("Only the employee's manager can take this step.")
EMPLOYEE_ONLY = gettext_lazy("Only the employee can take this step.")
SECOND_REVIEWER_ONLY = gettext_lazy("Only the second reviewer can take this step.")
HR_ONLY = gettext_lazy("Only HR for the employee's unit can take this step.")
COMMITTEE_ONLY = gettext_lazy("Only a member of the objection committee can take this step.")
SYSTEM_ONLY = gettext_lazy("The system takes this step when the term has passed.")
# Deciding an objection: refused as the regeling's route says (``rules.objection_decider_role``).
DECIDER_ONLY = {Role.HR: HR_ONLY, Role.SECOND_REVIEWER: SECOND_REVIEWER_ONLY, Role.COMMITTEE: COMMITTEE_ONLY}
# HR for the unit who is also the review's manager or second reviewer, for every HR-only step.
HR_WITH_OWN_ROLE = gettext_lazy(
    "You hold another role in this review (manager or second reviewer), so you cannot take HR's steps on it: "
    "ask a colleague in HR."
)


@dataclass(frozen=True)
class Step:
    """One step of a review: the transition ``Review.<name>`` and everything derived from it.

    ``owner`` is the role that takes it (None: only the system, with no user); ``refused`` is what
    anyone else who tries is told (403). ``confirm``: a legal commitment or an irreversible step (one
    that ends the review too), so the page first shows what it means (the form's ``meaning()``) and
    runs it only when confirmed (WCAG 3.3.4); the API takes it at once."""

    name: str
    service_path: str
    input_path: str
    form_path: str | None
    label: str
    owner: Role | None
    refused: str
    confirm: bool = False

    @property
    def service(self):
        """``service(*, review: Review, actor: User | None, **input) -> Review``."""
        return _resolve(self.service_path)

    @property
    def input(self):
        """The API's input serializer class (what ``POST /api/v1/reviews/{id}/<url_name>/`` takes)."""
        return _resolve(self.input_path)

    @property
    def form(self):
        """The page's form class; None for a step only the system takes (no button)."""
        return _resolve(self.form_path) if self.form_path else None

    @property
    def event_kind(self) -> str:
        """The kind of the ``ReviewEvent`` the step records."""
        return self.name

    @property
    def done(self) -> str:
        """What happened, in the past tense ("Plan signed"): the label of the event kind it records."""
        from reviewcycle.models import ReviewEvent

        return ReviewEvent.Kind(self.event_kind).label

    def done_on(self, version) -> str:
        """``done`` as a review of regeling ``version`` names it: the evaluation on the employment period."""
        from reviewcycle.models import ReviewEvent

        if version is not None and version.is_for_individuals:
            return ReviewEvent.label_on_employment(self.event_kind)
        return self.done

    @property
    def url_name(self) -> str:
        """The step in URLs: ``/api/v1/reviews/{id}/<url_name>/`` and ``/reviews/{id}/steps/<url_name>/``."""
        return self.name.replace("_", "-")

    @property
    def operation_id(self) -> str:
        return f"reviews_{self.name}"

    @property
    def view_name(self) -> str:
        """The API view class in ``reviewcycle.apis.steps`` (e.g. ``RecordPlanningTalkView``)."""
        return "".join(part.title() for part in self.name.split("_")) + "View"


@functools.cache
def _resolve(path: str):
    return import_string(path)


def _step(
    name: str, *, input: str, form: str | None, label, owner: Role | None, refused, confirm: bool = False
) -> Step:
    return Step(
        name=name,
        service_path=f"reviewcycle.services.transitions.review_{name}",
        input_path=f"reviewcycle.apis.steps.{input}",
        form_path=f"reviewcycle.forms.steps.{form}" if form else None,
        label=label,
        owner=owner,
        refused=refused,
        confirm=confirm,
    )


RECORD_PLANNING_TALK = _step(
    "record_planning_talk",
    input="RecordPlanningTalkInput",
    form="TalkForm",
    label=gettext_lazy("Record the planning talk"),
    owner=Role.MANAGER,
    refused=MANAGER_ONLY,
)
REOPEN_PLAN = _step(
    "reopen_plan",
    input="ReopenPlanInput",
    form="ReasonForm",
    label=gettext_lazy("Reopen the plan"),
    owner=Role.MANAGER,
    refused=MANAGER_ONLY,
)
SIGN_PLAN = _step(
    "sign_plan",
    input="SignPlanInput",
    form="SignPlanForm",
    label=gettext_lazy("Sign the plan"),
    owner=Role.EMPLOYEE,
    refused=EMPLOYEE_ONLY,
    confirm=True,
)
RECORD_PROGRESS_TALK = _step(
    "record_progress_talk",
    input="RecordProgressTalkInput",
    form="ProgressTalkForm",
    label=gettext_lazy("Record a progress talk"),
    owner=Role.MANAGER,
    refused=MANAGER_ONLY,
)
ACKNOWLEDGE_TALK = _step(
    "acknowledge_talk",
    input="AcknowledgeTalkInput",
    form="AcknowledgeTalkForm",
    label=gettext_lazy("Sign the talk's report for seen"),
    owner=Role.EMPLOYEE,
    refused=EMPLOYEE_ONLY,
    confirm=True,
)
START_APPRAISAL = _step(
    "start_appraisal",
    input="StartAppraisalInput",
    form="StartAppraisalForm",
    label=gettext_lazy("Start the appraisal"),
    owner=Role.MANAGER,  # or the system, when the cycle starts appraisals by itself
    refused=MANAGER_ONLY,
    confirm=True,
)
COMPLETE_TALKS = _step(
    "complete_talks",
    input="CompleteTalksInput",
    form="CompleteTalksForm",
    label=gettext_lazy("Complete the cycle of talks"),
    owner=Role.MANAGER,
    refused=MANAGER_ONLY,
    confirm=True,
)
SUBMIT_SELF_ASSESSMENT = _step(
    "submit_self_assessment",
    input="SubmitSelfAssessmentInput",
    form="StepForm",
    label=gettext_lazy("Submit the self-assessment"),
    owner=Role.EMPLOYEE,
    refused=EMPLOYEE_ONLY,
)
SKIP_SELF_ASSESSMENT = _step(
    "skip_self_assessment",
    input="SkipSelfAssessmentInput",
    form="ReasonForm",
    label=gettext_lazy("Skip the self-assessment"),
    owner=Role.MANAGER,
    refused=MANAGER_ONLY,
)
SUBMIT_SCORES = _step(
    "submit_scores",
    input="SubmitScoresInput",
    form="StepForm",
    label=gettext_lazy("Submit the scores"),
    owner=Role.MANAGER,
    refused=MANAGER_ONLY,
)
RECORD_APPRAISAL_TALK = _step(
    "record_appraisal_talk",
    input="RecordAppraisalTalkInput",
    form="AppraisalTalkForm",
    label=gettext_lazy("Record the appraisal talk"),
    owner=Role.MANAGER,
    refused=MANAGER_ONLY,
)
SIGN = _step(
    "sign",
    input="SignInput",
    form="SignAppraisalForm",
    label=gettext_lazy("Sign the appraisal"),
    owner=Role.EMPLOYEE,
    refused=EMPLOYEE_ONLY,
    confirm=True,
)
OBJECT = _step(
    "object",
    input="ObjectInput",
    form="ObjectionForm",
    label=gettext_lazy("Object to the appraisal"),
    owner=Role.EMPLOYEE,
    refused=EMPLOYEE_ONLY,
    confirm=True,
)
EXPIRE_RESPONSE = _step(
    "expire_response",
    input="ExpireResponseInput",
    form=None,  # the system's, when the response term has passed
    label=gettext_lazy("Close the response term"),
    owner=None,
    refused=SYSTEM_ONLY,
)
RETURN_TO_MANAGER = _step(
    "return_to_manager",
    input="ReturnToManagerInput",
    form="ReasonForm",
    label=gettext_lazy("Return to the manager"),
    owner=Role.SECOND_REVIEWER,
    refused=SECOND_REVIEWER_ONLY,
)
FINALISE = _step(
    "finalise",
    input="FinaliseInput",
    form="FinaliseForm",
    label=gettext_lazy("Finalise the appraisal"),
    owner=Role.SECOND_REVIEWER,
    refused=SECOND_REVIEWER_ONLY,
    confirm=True,
)
DECIDE_OBJECTION = _step(
    "decide_objection",
    input="DecideObjectionInput",
    form="DecisionForm",
    label=gettext_lazy("Decide on the objection"),
    owner=Role.HR,
    refused=HR_ONLY,
    confirm=True,
)
REOPEN = _step(
    "reopen",
    input="ReopenInput",
    form="ReasonForm",
    label=gettext_lazy("Reopen the appraisal"),
    owner=Role.HR,
    refused=HR_ONLY,
)
CANCEL = _step(
    "cancel",
    input="CancelInput",
    form="CancelForm",
    label=gettext_lazy("Cancel the review"),
    owner=Role.HR,  # or the system, when the people import reports a leaver
    refused=HR_ONLY,
    confirm=True,
)
EXEMPT = _step(
    "exempt",
    input="ExemptInput",
    form="ExemptForm",
    label=gettext_lazy("Exempt from the cycle"),
    owner=Role.HR,
    refused=HR_ONLY,
    confirm=True,
)

# In the order the page and the API list them.
STEPS: list[Step] = [
    RECORD_PLANNING_TALK,
    REOPEN_PLAN,
    SIGN_PLAN,
    RECORD_PROGRESS_TALK,
    ACKNOWLEDGE_TALK,
    START_APPRAISAL,
    COMPLETE_TALKS,
    SUBMIT_SELF_ASSESSMENT,
    SKIP_SELF_ASSESSMENT,
    SUBMIT_SCORES,
    RECORD_APPRAISAL_TALK,
    SIGN,
    OBJECT,
    EXPIRE_RESPONSE,
    RETURN_TO_MANAGER,
    FINALISE,
    DECIDE_OBJECTION,
    REOPEN,
    CANCEL,
    EXEMPT,
]
BY_NAME: dict[str, Step] = {step.name: step for step in STEPS}


# The steps that record a talk, labelled with the talk's name on the review's regeling
# (``CycleTemplateVersion.talk_name``: "Record the start talk" on a probation review).
TALK_STEPS = {
    "record_planning_talk": ("planning", gettext_lazy("Record the %(talk)s")),
    "record_progress_talk": ("progress", gettext_lazy("Record a %(talk)s")),
    "record_appraisal_talk": ("appraisal", gettext_lazy("Record the %(talk)s")),
}


# The steps named after the evaluation on the employment period (start and probation: ``is_for_individuals``).
ON_EMPLOYMENT = {
    "start_appraisal": gettext_lazy("Start the evaluation"),
    "sign": gettext_lazy("Sign the evaluation"),
}


def label_for(step: Step, version) -> str:
    """The step's label on a review of regeling ``version`` (a ``CycleTemplateVersion``): a talk's step
    names the talk as the shape does, and on the employment period the evaluation's steps name it
    (``ON_EMPLOYMENT``); every other step its ``label``."""
    if version is not None and version.is_for_individuals and step.name in ON_EMPLOYMENT:
        return str(ON_EMPLOYMENT[step.name])
    if step.name not in TALK_STEPS or version is None:
        return str(step.label)
    talk, label = TALK_STEPS[step.name]
    return capfirst(str(label) % {"talk": version.talk_name(talk)})


def get(name: str) -> Step:
    """The step called ``name`` (``KeyError`` for anything else)."""
    return BY_NAME[name]


# What a GET on a step's URL says (``selectors.step_by_get_message``).
USE_THE_BUTTON = gettext_lazy("Use the button on the page to take this step.")
NOT_YOURS_NOW = gettext_lazy("This step is not yours to take now.")
ALREADY_TAKEN = gettext_lazy("This step has already been taken.")
