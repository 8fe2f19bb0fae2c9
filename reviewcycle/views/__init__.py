"""Pages of the review cycle: my cycle, my team, the second reviewer's queue, a review's plan and drafts.

Thin: visibility comes from the selectors, the steps a user sees from ``available_transitions``
(the same predicates as the API), every change from the step's service. One module per page family.
The review page with its steps and side forms (a talk, another manager or second reviewer) combines
apps (talks, the printed form): it is in web.views.
"""

from reviewcycle.views.cycles import (
    cycle_add_missing_view,
    cycle_close_view,
    cycle_copy_view,
    cycle_delete_view,
    cycle_due_dates_view,
    cycle_edit,
    cycle_new,
    cycle_open_view,
    cycle_opening,
)
from reviewcycle.views.drafts import scoring_page, scoring_proposal, self_assessment
from reviewcycle.views.hr_lists import cycle_reviews, latest_cycle_reviews, objection_list
from reviewcycle.views.lists import home, second_review_queue, team
from reviewcycle.views.plan import plan
from reviewcycle.views.regeling_forms import (
    regeling_question,
    regeling_question_delete,
    regeling_question_move,
    regeling_question_new,
    regeling_section_add,
    regeling_section_delete,
    regeling_section_move,
    regeling_section_rename,
    regeling_talk_form,
    regeling_talk_form_preview,
)
from reviewcycle.views.regelingen import (
    regeling_consequences,
    regeling_draft_new,
    regeling_list,
    regeling_new,
    regeling_publish,
    regeling_talk_form_add,
    regeling_version,
)
from reviewcycle.views.talk_forms import talk_form

__all__ = [
    "cycle_add_missing_view",
    "cycle_close_view",
    "cycle_copy_view",
    "cycle_delete_view",
    "cycle_due_dates_view",
    "cycle_edit",
    "cycle_new",
    "cycle_open_view",
    "cycle_opening",
    "cycle_reviews",
    "home",
    "latest_cycle_reviews",
    "objection_list",
    "plan",
    "regeling_consequences",
    "regeling_draft_new",
    "regeling_list",
    "regeling_new",
    "regeling_publish",
    "regeling_question",
    "regeling_question_delete",
    "regeling_question_move",
    "regeling_question_new",
    "regeling_section_add",
    "regeling_section_delete",
    "regeling_section_move",
    "regeling_section_rename",
    "regeling_talk_form",
    "regeling_talk_form_add",
    "regeling_talk_form_preview",
    "regeling_version",
    "scoring_page",
    "scoring_proposal",
    "second_review_queue",
    "self_assessment",
    "talk_form",
    "team",
]
