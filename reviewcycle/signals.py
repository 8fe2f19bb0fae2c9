"""What reviewcycle announces; notifications listens. Sent inside the transaction, so a
receiver's writes commit or roll back with the change."""

from django.dispatch import Signal

# review, transition, actor, from_state
review_transitioned = Signal()
# review, actor, old_manager, new_manager
review_reassigned = Signal()
# cycle, actor, reviews_created
cycle_opened = Signal()
# cycle, actor
cycle_closed = Signal()
# review, actor: someone else is the second reviewer now
review_second_reviewer_changed = Signal()
# review_ids: these reviews are about to be erased (retention); remove what refers to them
reviews_erasing = Signal()
# request, actor: someone was asked for input on a review (notifications mails the informant)
informant_requested = Signal()
