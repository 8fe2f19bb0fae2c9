"""What every section of the dashboard starts from: the reviews it counts, and how it rounds a share."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from people.selectors import hr_org_units, hr_sees_whole_organisation, org_units_below
from reviewcycle.models import Review, ReviewCycle
from reviewcycle.rated import rated
from reviewcycle.selectors import reviews_visible_to

# The longest list a section shows (overdue reviews, reviews waiting for HR); the counts stay complete.
LISTED = 100
# A rated review (``reviewcycle.rated.is_rated``): what calibration and the competency gap count.
SCORED = rated()


@dataclass(frozen=True)
class DashboardReviews:
    """The reviews a dashboard counts: ``reviews`` (unordered), and ``whole_cycle`` when they are every
    review of the cycle (then a section may join on the cycle instead of testing visibility per row)."""

    cycle: ReviewCycle
    reviews: QuerySet[Review]
    whole_cycle: bool

    def below(self, unit_id: int) -> "DashboardReviews":
        """Only the reviews opened in unit ``unit_id`` or a unit below it (a unit HR opened)."""
        reviews = self.reviews.filter(org_unit__in=org_units_below(org_units=[unit_id]))
        return DashboardReviews(cycle=self.cycle, reviews=reviews, whole_cycle=False)


def dashboard_reviews(*, cycle: ReviewCycle, user: AbstractBaseUser) -> DashboardReviews:
    """The reviews of ``cycle`` that ``user`` may see (``reviews_visible_to``).

    HR whose units hold every employee of the cycle sees every review of it: then the sections need not
    test visibility row by row (one check here instead of one in each; the same numbers). Up to three
    queries (the HR scope and one existence check); none of the reviews are read here.
    """
    everything = Review.objects.filter(cycle=cycle).order_by()
    if (
        hr_sees_whole_organisation(user=user)
        or not everything.exclude(employee__org_unit__in=hr_org_units(user=user)).exists()  # none for non-HR
    ):
        return DashboardReviews(cycle=cycle, reviews=everything, whole_cycle=True)
    reviews = reviews_visible_to(user=user).filter(cycle=cycle).order_by()
    return DashboardReviews(cycle=cycle, reviews=reviews, whole_cycle=False)


def percent(part: int, whole: int) -> float:
    """``part`` as a percentage of ``whole`` with one decimal; 0.0 of nothing."""
    return round(100 * part / whole, 1) if whole else 0.0
