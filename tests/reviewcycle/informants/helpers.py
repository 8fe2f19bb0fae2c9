"""Eva's review (the ``review`` fixture) in progress, with people to ask for input and a way to answer."""

import datetime

from rest_framework.test import APIClient

from reviewcycle.informants.asked import asked_indicators
from reviewcycle.informants.services import informant_answer, informant_request
from reviewcycle.models import InformantRequest

DUE = datetime.date(2026, 2, 1)
TODAY = datetime.date(2026, 1, 15)


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def ask(review, org, relation: str, employee=None, *, due=DUE, actor=None, **options) -> InformantRequest:
    return informant_request(
        review=review,
        actor=actor or org.manager.user,
        relation=relation,
        due_date=due,
        informant=employee.user if employee is not None else None,
        **options,
    )


def marks_for(request: InformantRequest, mark: str) -> dict:
    return {
        str(indicator.pk): mark
        for indicator in asked_indicators(request.review, include_next_level=request.include_next_level)
    }


def answer(request: InformantRequest, mark: str = "fully", answers=None) -> InformantRequest:
    return informant_answer(
        request=request, actor=request.informant, marks=marks_for(request, mark), answers=answers or []
    )
