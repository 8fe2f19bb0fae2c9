"""Errors every app may raise, answered the same way by pages and the API (``core.api``)."""

from django_fsm import TransitionNotAllowed


class TransitionBlocked(TransitionNotAllowed):
    """The transition exists from this state, but a condition is not met; says which, in words."""

    def __init__(self, messages: list[str], fields: list[str | None] | None = None):
        self.messages = messages
        self.fields = fields or [None] * len(messages)
        super().__init__(" ".join(messages))
