"""A synthetic organisation at any size, for benchmarks and load tests (``manage.py generate_org``).

An org tree (directorates → departments → teams, with levels above the directorates as the
organisation grows: about eight units side by side, and six directly under the organisation at any size), manager chains from the top down, employees in
the Kempen role-type cells, a cycle opened with the real service, and then the reviews spread over
every state with goals, ratings and an audit event per step. The spreading writes rows in bulk
rather than running each transition: it makes data to measure with, not a walkthrough.
"""

import datetime
import itertools
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from frameworks.models import Framework, RatingScale
from frameworks.selectors import current_version
from frameworks.services import frameworks_load_builtin
from people.models import Employee, OrgUnit
from people.services import hr_grant
from reviewcycle.models import CompetencyAssessment, Goal, Review, ReviewCycle, ReviewEvent
from reviewcycle.services.cycles import cycle_create
from reviewcycle.services.opening import cycle_open

TEAM_SIZE = 12
TEAMS_PER_DEPARTMENT = 6
DEPARTMENTS_PER_DIRECTORATE = 6
UNITS_PER_GROUP = 8  # the most directorates (or groups of them) side by side under one unit
# The units directly under the organisation at every size: the top of the tree (the dashboard's first
# level, the progress API without a unit) is then the same at 500 employees as at 20,000, and a
# benchmark that compares the two sizes compares like with like (benchmarks/sizes.py, issue 17).
TOP_UNITS = 6
GROUPS_ABOVE = ["Directoraat-generaal", "Cluster", "Domein"]
LEAD_CELLS = {OrgUnit.Kind.TEAM: "Leidinggevende C", OrgUnit.Kind.DEPARTMENT: "Leidinggevende B"}
STAFF_CELLS = [
    "Uitvoerder A",
    "Uitvoerder B",
    "Dienstverlener B",
    "Dienstverlener C",
    "Specialist B",
    "Adviseur B",
]
# The path a review takes; a generated review stops somewhere on it (cancelled and exempt beside it).
PATH = [
    Review.State.PLANNING,
    Review.State.PLAN_SIGNOFF,
    Review.State.IN_PROGRESS,
    Review.State.SELF_ASSESSMENT,
    Review.State.SCORING,
    Review.State.APPRAISAL_TALK,
    Review.State.EMPLOYEE_RESPONSE,
    Review.State.SECOND_REVIEW,
    Review.State.FINAL,
]
SCORED_FROM = PATH.index(Review.State.APPRAISAL_TALK)
# The step that reaches each state, recorded as the event of its kind.
REACHED_BY = {
    Review.State.PLAN_SIGNOFF: ReviewEvent.Kind.PLANNING_TALK_RECORDED,
    Review.State.IN_PROGRESS: ReviewEvent.Kind.PLAN_SIGNED,
    Review.State.SELF_ASSESSMENT: ReviewEvent.Kind.APPRAISAL_STARTED,
    Review.State.SCORING: ReviewEvent.Kind.SELF_ASSESSMENT_SUBMITTED,
    Review.State.APPRAISAL_TALK: ReviewEvent.Kind.SCORES_SUBMITTED,
    Review.State.EMPLOYEE_RESPONSE: ReviewEvent.Kind.APPRAISAL_TALK_RECORDED,
    Review.State.SECOND_REVIEW: ReviewEvent.Kind.APPRAISAL_SIGNED,
    Review.State.FINAL: ReviewEvent.Kind.FINALISED,
    Review.State.CANCELLED: ReviewEvent.Kind.CANCELLED,
    Review.State.EXEMPT: ReviewEvent.Kind.EXEMPTED,
}
RATING_WEIGHTS = [3, 12, 55, 25, 5, 0, 0]
HR_USERNAME = "hr-generated"


@dataclass
class Generated:
    root: OrgUnit
    hr: object
    cycle: ReviewCycle | None
    employees: int
    reviews: int


def generate_org(
    *,
    employees: int,
    seed: int = 2026,
    name: str = "Gemeente Groot",
    open_cycle=True,
    spread=True,
    progress=None,
) -> Generated:
    """``employees`` people under one organisation with an HR user for all of it; optionally a cycle."""
    rng = random.Random(seed)
    say = progress or (lambda message: None)
    frameworks_load_builtin()
    version = current_version(framework=Framework.objects.get(slug="kempen-competenties"))
    cells = {cell.name: cell for cell in version.role_types.all()}
    with transaction.atomic():
        root, people = _organisation(employees, name, cells, rng)
        hr = get_user_model().objects.create(
            username=f"{HR_USERNAME}-{root.pk}", password=make_password(None)
        )
        hr_grant(user=hr, org_units=[root], actor=None)
    say(f"{people} employees")
    if not open_cycle:
        return Generated(root, hr, None, people, 0)
    cycle = cycle_for(root=root, hr=hr, version=version)
    cycle_open(cycle=cycle, actor=hr)
    reviews = Review.objects.filter(cycle=cycle).count()
    say(f"cycle opened: {reviews} reviews")
    if spread:
        spread_states(cycle=cycle, rng=rng)
        say("reviews spread over every state")
    return Generated(root, hr, cycle, people, reviews)


def cycle_for(*, root: OrgUnit, hr, version) -> ReviewCycle:
    today = timezone.localdate()
    start = today.replace(month=1, day=1)
    return cycle_create(
        actor=hr,
        name=f"Cyclus {start.year} ({root.name})",
        scope=[root],
        framework_version=version,
        rating_scale=RatingScale.objects.get(slug="vijfpuntsschaal"),
        period_start=start,
        period_end=start.replace(month=12, day=31),
        planning_due=today + datetime.timedelta(days=3),
        progress_due=today + datetime.timedelta(days=60),
        self_assessment_due=today + datetime.timedelta(days=120),
        scoring_due=today + datetime.timedelta(days=140),
        appraisal_due=today + datetime.timedelta(days=160),
    )


def _unit_levels(count: int) -> list[tuple[str, str, int]]:
    """The levels of the tree from the top down as ``(name, kind, units)``: teams of ``TEAM_SIZE``,
    ``TEAMS_PER_DEPARTMENT`` teams a department, ``DEPARTMENTS_PER_DIRECTORATE`` departments a
    directorate, and levels above those (``GROUPS_ABOVE``, ``UNITS_PER_GROUP`` each) while the top
    would hold more than ``UNITS_PER_GROUP``: a large organisation grows in depth, as a ministry does.
    The top level holds ``TOP_UNITS`` units at any size (a small organisation's directorates, a large
    one's groups of them)."""
    teams = max(1, -(-count // (TEAM_SIZE + 1)))
    departments = max(1, -(-teams // TEAMS_PER_DEPARTMENT))
    levels = [
        ("Directie", OrgUnit.Kind.DIRECTORATE, max(1, -(-departments // DEPARTMENTS_PER_DIRECTORATE))),
        ("Afdeling", OrgUnit.Kind.DEPARTMENT, departments),
        ("Team", OrgUnit.Kind.TEAM, teams),
    ]
    for name in GROUPS_ABOVE:
        if levels[0][2] <= UNITS_PER_GROUP:
            break
        levels.insert(0, (name, OrgUnit.Kind.DIRECTORATE, -(-levels[0][2] // UNITS_PER_GROUP)))
    levels[0] = (*levels[0][:2], TOP_UNITS)
    return levels


def _organisation(count: int, name: str, cells: dict, rng: random.Random) -> tuple[OrgUnit, int]:
    root = OrgUnit.objects.create(name=name, kind="organisation")
    levels = _unit_levels(count)
    numbers = itertools.count(OrgUnit.objects.count() * 100_000 + 1)
    password = make_password(None)
    created = 0

    def level(specs: list[tuple[OrgUnit, Employee | None, str]]) -> list[Employee]:
        nonlocal created
        specs = specs[: max(0, count - created)]
        numbered = [(f"G{next(numbers):08d}", *spec) for spec in specs]
        users = get_user_model().objects.bulk_create(
            get_user_model()(username=number.lower(), password=password) for number, *_ in numbered
        )
        people = Employee.objects.bulk_create(
            Employee(
                user=user,
                employee_number=number,
                name=f"Medewerker {number}",
                email=f"{number.lower()}@groot.example",
                org_unit=unit,
                manager=manager,
                role_type=cells[cell],
                start_date=datetime.date(2010 + rng.randint(0, 14), rng.randint(1, 12), 1),
            )
            for user, (number, unit, manager, cell) in zip(users, numbered, strict=True)
        )
        created += len(people)
        return people

    [top] = level([(root, None, "Directeur A")])
    parents, heads = [root], {root.pk: top}
    for label, kind, number in levels:
        units = [
            # Named by itself, as the people import names a unit (the last part of its path): a unit's
            # name does not grow with the depth of the tree.
            OrgUnit.objects.create(
                name=f"{label} {n + 1}",
                kind=kind,
                parent=parents[n % len(parents)],
            )
            for n in range(number)
        ]
        cell = LEAD_CELLS.get(kind, "Directeur B")
        leads = level([(unit, heads.get(unit.parent_id, top), cell) for unit in units])
        parents, heads = units, {unit.pk: lead for unit, lead in zip(units, leads, strict=False)}
    staff_specs = []
    for n in range(max(0, count - created)):
        team = parents[n % len(parents)]
        staff_specs.append((team, heads.get(team.pk, top), rng.choice(STAFF_CELLS)))
    level(staff_specs)
    return root, created


def spread_states(*, cycle: ReviewCycle, rng: random.Random) -> None:
    """Move the cycle's reviews along the path in bulk: goals, ratings and one audit event per step."""
    ids = list(Review.objects.filter(cycle=cycle).order_by("id").values_list("id", flat=True))
    rng.shuffle(ids)
    options = list(cycle.rating_scale.options.order_by("value"))
    now = timezone.now()
    targets: dict[str, list[int]] = {}
    for n, review_id in enumerate(ids):
        roll = n % 20
        state = (
            Review.State.CANCELLED
            if roll == 19
            else Review.State.EXEMPT
            if roll == 18
            else PATH[n % len(PATH)]
        )
        targets.setdefault(state, []).append(review_id)
    with transaction.atomic():
        goals, events = [], []
        for state, review_ids in targets.items():
            steps = PATH[1 : PATH.index(state) + 1] if state in PATH else [state]
            for review_id in review_ids:
                if state != Review.State.PLANNING:
                    goals += [
                        Goal(
                            review_id=review_id, title=f"Resultaat {k + 1}", measure="Per kwartaal", weight=50
                        )
                        for k in range(2)
                    ]
                previous = Review.State.PLANNING
                for step in steps:
                    events.append(
                        ReviewEvent(
                            review_id=review_id,
                            transition=REACHED_BY[step],
                            from_state=previous,
                            to_state=step,
                            created_at=now,
                            payload={},
                        )
                    )
                    previous = step
            fields = {"state": state, "state_changed_at": now}
            if state in PATH and PATH.index(state) >= SCORED_FROM:
                fields["scores_submitted_at"] = now
            if state in PATH and PATH.index(state) >= PATH.index(Review.State.IN_PROGRESS):
                fields["plan_signed_at"] = now
            for start in range(0, len(review_ids), 5000):
                Review.objects.filter(pk__in=review_ids[start : start + 5000]).update(**fields)
        Goal.objects.bulk_create(goals, batch_size=5000)
        ReviewEvent.objects.bulk_create(events, batch_size=5000)
        scored = [
            rid
            for state, rids in targets.items()
            if state in PATH and PATH.index(state) >= SCORED_FROM
            for rid in rids
        ]
        # Ratings as raters tend to give them: mostly "goed", few at the ends of the scale.
        rng.shuffle(scored)
        weights = RATING_WEIGHTS[: len(options)]
        bounds = list(itertools.accumulate(round(len(scored) * w / sum(weights)) for w in weights))
        bounds[-1] = len(scored)
        for option, (low, high) in zip(options, itertools.pairwise([0, *bounds]), strict=True):
            chunk = scored[low:high]
            for start in range(0, len(chunk), 5000):
                part = chunk[start : start + 5000]
                Review.objects.filter(pk__in=part).update(overall_rating=option)
                CompetencyAssessment.objects.filter(review_id__in=part).update(rating=option, in_focus=True)
        _refresh_due_dates(cycle)


def _refresh_due_dates(cycle: ReviewCycle) -> None:
    """Due dates as the workflow sets them per state; every tenth review is a few days overdue."""
    from reviewcycle.workflow import due_date_for

    today = timezone.localdate()
    for state in Review.OPEN_STATES:
        sample = Review.objects.filter(cycle=cycle, state=state).select_related("cycle").first()
        if sample is None:
            continue
        try:
            due = due_date_for(sample) or today + datetime.timedelta(days=5)
        except (TypeError, AttributeError):  # a rule that needs a talk date the bulk path did not set
            due = today + datetime.timedelta(days=5)
        Review.objects.filter(cycle=cycle, state=state).update(due_date=due)
    late = list(
        Review.objects.filter(cycle=cycle, state__in=Review.OPEN_STATES)
        .order_by("id")
        .values_list("id", flat=True)
    )[::10]
    for start in range(0, len(late), 5000):
        Review.objects.filter(pk__in=late[start : start + 5000]).update(
            due_date=today - datetime.timedelta(days=3)
        )
