"""Regelingen as versioned data: the built-in ones load once and are publishable; a shape that cannot
finish is refused at publish, with the reason next to its field."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from frameworks.models import RatingScale
from reviewcycle.models import CycleTemplate, CycleTemplateEvent, CycleTemplateVersion
from reviewcycle.shapes.builtin import BUILTIN_TEMPLATES
from reviewcycle.shapes.rules import shape_problems
from reviewcycle.shapes.services import (
    cycle_template_version_publish,
    cycle_templates_load_builtin,
    default_template_version,
)

pytestmark = pytest.mark.django_db


def test_the_five_built_in_regelingen_load_once_published_and_can_finish():
    loaded = cycle_templates_load_builtin()
    assert [version.template.name for version in loaded] == [
        "Gemeentelijk",
        "Goede gesprekken",
        "Twee gesprekken",
        "Jaarlijks R&O-gesprek",
        "Proeftijd en tijdelijk contract",
    ]
    assert all(version.status == CycleTemplateVersion.Status.PUBLISHED for version in loaded)
    assert all(shape_problems(version) == [] for version in loaded)
    assert CycleTemplateEvent.objects.filter(kind=CycleTemplateEvent.Kind.BUILTIN_LOADED).count() == 5
    assert cycle_templates_load_builtin() == []  # idempotent
    assert CycleTemplate.objects.count() == len(BUILTIN_TEMPLATES)
    assert default_template_version().template.slug == "gemeentelijk"


def draft(**shape) -> CycleTemplateVersion:
    cycle_templates_load_builtin()
    template = CycleTemplate.objects.create(slug="eigen", name="Eigen regeling")
    fields = {
        "signature_options": ["seen", "agreed"],
        "rating_scale": RatingScale.objects.get(slug="vijfpuntsschaal"),
        "due_offsets": {
            "planning_due": 2,
            "progress_due": 6,
            "self_assessment_due": 9,
            "scoring_due": 10,
            "appraisal_due": 11,
        },
        **shape,
    }
    return CycleTemplateVersion.objects.create(template=template, number=1, **fields)


def refusal(version) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        cycle_template_version_publish(version=version, actor=None)
    version.refresh_from_db()
    assert version.status == CycleTemplateVersion.Status.DRAFT
    return refused.value.message_dict


def test_a_good_draft_is_published_and_audited():
    version = cycle_template_version_publish(version=draft(), actor=None)
    assert version.status == CycleTemplateVersion.Status.PUBLISHED
    assert version.events.get().kind == CycleTemplateEvent.Kind.VERSION_PUBLISHED
    with pytest.raises(ValidationError, match="can no longer change"):
        cycle_template_version_publish(version=version, actor=None)


@pytest.mark.parametrize(
    ("shape", "field", "reason"),
    [
        (
            {"has_appraisal_talk": False, "has_second_review": False, "objection_route": "none"},
            "has_scores",
            "closing talk",
        ),
        ({"rating_scale": None}, "rating_scale", "rating scale"),
        ({"goal_weight": 60}, "goal_weight", "add up to 100"),
        ({"has_planning_talk": False}, "goal_weight", "weight of 0"),
        ({"has_scores": False}, "has_self_assessment", "appraisal with scores"),
        (
            {
                "has_planning_talk": False,
                "min_progress_talks": 0,
                "has_appraisal_talk": False,
                "has_scores": False,
                "has_self_assessment": False,
                "has_second_review": False,
                "objection_route": "none",
            },
            "has_planning_talk",
            "no talk at all",
        ),
        ({"talk_reports_signed": True, "min_progress_talks": 0}, "talk_reports_signed", "at least one"),
        ({"signature_options": []}, "signature_options", "how the employee signs"),
        ({"signature_options": ["seen", "seen"]}, "signature_options", "named once"),
        ({"due_offsets": {"planning_due": 2}}, "due_offsets", "each phase"),
        (
            {
                "due_offsets": {
                    "planning_due": 8,
                    "progress_due": 6,
                    "self_assessment_due": 9,
                    "scoring_due": 10,
                    "appraisal_due": 11,
                }
            },
            "due_offsets",
            "in order",
        ),
        (
            {
                "due_offsets": {
                    "planning_due": 2,
                    "progress_due": 6,
                    "self_assessment_due": 9,
                    "scoring_due": 10,
                    "appraisal_due": 14,
                }
            },
            "due_offsets",
            "twelve months",
        ),
        ({"period": "employment"}, "start_talk_within_days", "start talk"),
        ({"start_talk_within_days": 28}, "period", "start and probation"),
    ],
)
def test_a_shape_that_cannot_finish_is_refused_with_its_reason(shape, field, reason):
    errors = refusal(draft(**shape))
    assert field in errors, errors
    assert any(reason in message for message in errors[field]), errors[field]


def test_the_reason_is_dutch_for_a_dutch_hr_adviser():
    with translation.override("nl"):
        errors = refusal(draft(rating_scale=None))
    assert errors["rating_scale"] == ["Een beoordeling met scores heeft een beoordelingsschaal nodig."]
