"""The condition a talk's report puts on recording the talk: its required questions answered.

A ``reviewcycle.conditions.Condition``, so the API (409), the page (next to the field, with a link to the
talk form) and the tests say the same sentence. Attached to the review's talk steps on ``Review``.
"""

from django.utils.translation import gettext as _

from reviewcycle.conditions import Condition

TALK_FORM_PAGE = "reviewcycle:talk-form"


def _missing(review, talk: str):
    from reviewcycle.talk_forms.selectors import missing_report_answers

    return missing_report_answers(review, talk)


def report_complete(talk: str) -> Condition:
    """The condition that every required report question of ``talk`` (planning, progress, appraisal) is
    answered for the talk about to be recorded."""
    return Condition(
        f"{talk}_report_complete",
        lambda review: not _missing(review, talk),
        lambda review: (
            _("Answer the report questions of this talk first: %(questions)s.")
            % {"questions": "; ".join(question.text for question in _missing(review, talk))}
        ),
        field="report",
        fix=TALK_FORM_PAGE,
    )


PLANNING_REPORT_COMPLETE = report_complete("planning")
PROGRESS_REPORT_COMPLETE = report_complete("progress")
APPRAISAL_REPORT_COMPLETE = report_complete("appraisal")
