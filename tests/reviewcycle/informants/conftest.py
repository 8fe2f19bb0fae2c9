"""Eva's review in progress, and people to ask for input on it."""

import pytest

from reviewcycle.models import Review
from tests.factories import EmployeeFactory
from tests.reviewcycle.helpers import advance


@pytest.fixture
def in_progress(review, org, traveller) -> Review:
    """Eva's review in progress (planned and signed), on 15 January 2026."""
    return advance(review, org, "in_progress", traveller)


@pytest.fixture
def people(org):
    """Five colleagues and three reports of Eva's, each with an account."""
    return {
        "colleagues": [
            EmployeeFactory(name=f"Collega {n}", org_unit=org.team, manager=org.manager) for n in range(5)
        ],
        "reports": [
            EmployeeFactory(name=f"Medewerker {n}", org_unit=org.team, manager=org.employee) for n in range(3)
        ],
    }
