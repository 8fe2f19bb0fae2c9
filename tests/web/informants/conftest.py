"""Eva's review in progress and people to ask (the core's fixtures), for the informant pages."""

from tests.reviewcycle.informants.conftest import in_progress, people  # noqa: F401
