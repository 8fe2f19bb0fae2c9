"""Pages that combine apps. The review page shows the review (reviewcycle), its form as printed
(reports) and its talks (notifications), so it lives above all three."""

from web.views.changes import reassign, schedule_talk, set_second_reviewer
from web.views.review import review_page, review_step

__all__ = ["reassign", "review_page", "review_step", "schedule_talk", "set_second_reviewer"]
