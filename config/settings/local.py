"""Developer and demo settings: the embedded default, debug on."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = env.bool("DEBUG", default=True)
DEMO_MODE = env.bool("DEMO_MODE", default=True)
# The demo's people log in with the demo password: no invitation mails for them.
INVITE_NEW_PEOPLE = env.bool("INVITE_NEW_PEOPLE", default=False)
