"""How many were asked for input and how many answered, over many reviews (the HR dashboard).

The counts follow the one anonymity rule (``selectors.informant_feedback``): a request in an anonymous
group counts as answered, waiting or expired only once its group is shown on the review; until then it
counts as *not shown yet*. A dashboard narrowed to one unit or one review therefore tells no more than
the review's own page does: who in an anonymous group answered, and when, stays hidden (issue 22).
"""

from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from reviewcycle.informants.selectors import anonymous_relations, group_released
from reviewcycle.models import InformantRequest, Review

Status = InformantRequest.Status
SHOWN = {Status.ANSWERED: "answered", Status.REQUESTED: "open", Status.EXPIRED: "expired"}


def informant_request_counts(*, reviews: QuerySet[Review], today: date | None = None) -> dict:
    """Over ``reviews`` (any queryset of reviews): ``{"reviews": reviews with a request not withdrawn,
    "requests": requests not withdrawn, "answered", "open", "expired": of the requests whose status their
    review's page shows, "not_shown": anonymous requests whose group is not shown yet, "withdrawn",
    "percent_answered": answered of the shown requests (None when none is shown)}``.
    Two queries, whatever the number of reviews; the requests' columns only."""
    today = today or timezone.localdate()
    counts = dict.fromkeys(
        ("reviews", "requests", "answered", "open", "expired", "not_shown", "withdrawn"), 0
    )
    with_requests = (
        Review.objects.filter(pk__in=reviews.values("pk"), informant_requests__isnull=False)
        .distinct()
        .select_related("cycle__template_version")
        .only("pk", "cycle__template_version")
        .prefetch_related(
            Prefetch(
                "informant_requests",
                queryset=InformantRequest.objects.only("pk", "review_id", "relation", "status", "due_date"),
            )
        )
    )
    for review in with_requests:
        requests = list(review.informant_requests.all())
        anonymous = anonymous_relations(review)
        released = {relation: group_released(review, relation, requests, today) for relation in anonymous}
        asked = [r for r in requests if r.status != Status.WITHDRAWN]
        counts["withdrawn"] += len(requests) - len(asked)
        counts["requests"] += len(asked)
        counts["reviews"] += 1 if asked else 0
        for request in asked:
            shown = request.relation not in anonymous or released[request.relation]
            counts[SHOWN[request.status] if shown else "not_shown"] += 1
    shown_total = counts["requests"] - counts["not_shown"]
    percent = round(100 * counts["answered"] / shown_total, 1) if shown_total else None
    return {**counts, "percent_answered": percent}
