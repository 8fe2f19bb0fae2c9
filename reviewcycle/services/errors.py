# The class lives in core, so the API's exception handler (core.apis) answers it without importing
# reviewcycle; reviewcycle's code keeps importing it from here.
from core.errors import TransitionBlocked

__all__ = ["TransitionBlocked"]
