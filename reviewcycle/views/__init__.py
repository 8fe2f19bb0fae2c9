"""Pages of the review cycle: my cycle, my team, the second reviewer's queue, one review with its steps.

Thin: visibility comes from the selectors, the steps a user sees from ``available_transitions``
(the same predicates as the API), every change from the step's service. One module per page family.
"""

from reviewcycle.views.changes import reassign, set_second_reviewer
from reviewcycle.views.cycles import (
    cycle_add_missing_view,
    cycle_close_view,
    cycle_new,
    cycle_open_view,
    cycle_opening,
)
from reviewcycle.views.drafts import scoring_page, scoring_proposal, self_assessment
from reviewcycle.views.lists import home, objection_queue, second_review_queue, team
from reviewcycle.views.plan import plan
from reviewcycle.views.review import review_page, review_step

__all__ = [
    "cycle_add_missing_view",
    "cycle_close_view",
    "cycle_new",
    "cycle_open_view",
    "cycle_opening",
    "home",
    "objection_queue",
    "plan",
    "reassign",
    "review_page",
    "review_step",
    "scoring_page",
    "scoring_proposal",
    "second_review_queue",
    "self_assessment",
    "set_second_reviewer",
    "team",
]
