"""A regeling of one's own for the objection tests: the R&O shape (no scores, no second reviewer) with the
signature options and objection route a test needs, published, and a review of Eva's on it at the
employee's response."""

import datetime

from frameworks.models import Framework, RatingScale
from frameworks.selectors import current_version
from reviewcycle.models import CycleTemplate, CycleTemplateVersion, Review
from reviewcycle.services import (
    cycle_create,
    cycle_open,
    goal_create,
    review_record_appraisal_talk,
    review_record_planning_talk,
    review_sign_plan,
    review_start_appraisal,
)
from reviewcycle.shapes.services import (
    current_template_version,
    cycle_template_version_publish,
    cycle_templates_load_builtin,
)
from tests.reviewcycle.fixtures import cycle_fields
from tests.reviewcycle.helpers import APPRAISAL_START, PLANNING_TALK

APPRAISAL_TALK = datetime.date(2026, 9, 1)


def own_regeling(**shape) -> CycleTemplateVersion:
    """R&O's shape signed "seen" or "agreed", changed by ``shape``, published as "Eigen regeling"."""
    cycle_templates_load_builtin()
    base = current_template_version(CycleTemplate.objects.get(slug="r-en-o-gesprek"))
    fields = {
        field.name: getattr(base, field.name)
        for field in CycleTemplateVersion._meta.concrete_fields
        if field.name
        not in {"id", "template", "number", "status", "published_at", "created_at", "updated_at"}
    }
    fields.update({"signature_options": ["seen", "agreed"], **shape})
    template = CycleTemplate.objects.create(slug="eigen", name="Eigen regeling")
    version = CycleTemplateVersion.objects.create(template=template, number=1, **fields)
    return cycle_template_version_publish(version=version, actor=None)


def review_at_response(org, traveller, version: CycleTemplateVersion) -> Review:
    """Eva's review on ``version``, its closing talk recorded on 1 September: awaiting her response."""
    cycle = cycle_create(
        actor=org.hr,
        scope=[org.root],
        framework_version=current_version(framework=Framework.objects.get(slug="kempen-competenties")),
        rating_scale=RatingScale.objects.get(slug="vijfpuntsschaal"),
        template_version=version,
        **cycle_fields(),
    )
    cycle_open(cycle=cycle, actor=org.hr)
    review = Review.objects.get(cycle=cycle, employee=org.employee)
    manager = org.manager.user
    goal_create(review=review, actor=manager, title="Onderwijs verzorgen", weight=100)
    review = review_record_planning_talk(review=review, actor=manager, talk_date=PLANNING_TALK)
    review = review_sign_plan(review=review, actor=org.employee.user, signature="agreed")
    traveller.move_to(APPRAISAL_START)
    review = review_start_appraisal(review=review, actor=manager)
    return review_record_appraisal_talk(
        review=review, actor=manager, talk_date=APPRAISAL_TALK, summary="Resultaten behaald."
    )
