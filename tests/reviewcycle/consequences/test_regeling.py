"""Which consequences a regeling allows and its default per overall rating are data of the version:
the built-in municipal regelingen carry them, and publishing refuses consequences that cannot apply."""

import pytest

from reviewcycle.models import CycleTemplate, TemplateConsequence, TemplateConsequenceDefault
from reviewcycle.shapes.services import cycle_templates_load_builtin, template_consequences_add
from tests.reviewcycle.shapes.test_publish import draft, refusal

pytestmark = pytest.mark.django_db


def defaults_of(slug: str) -> dict[int, list[str]]:
    rows = TemplateConsequenceDefault.objects.filter(version__template__slug=slug).order_by(
        "rating_value", "id"
    )
    defaults: dict[int, list[str]] = {}
    for row in rows:
        defaults.setdefault(row.rating_value, []).append(row.kind)
    return defaults


def test_gemeentelijk_withholds_the_pay_step_for_onvoldoende_and_grants_it_above():
    cycle_templates_load_builtin()
    assert defaults_of("gemeentelijk") == {
        1: ["pay_step_withheld", "development"],
        2: ["pay_step_granted", "development"],
        3: ["pay_step_granted"],
        4: ["pay_step_granted"],
        5: ["pay_step_granted"],
    }
    allowed = set(
        TemplateConsequence.objects.filter(version__template__slug="gemeentelijk").values_list(
            "kind", flat=True
        )
    )
    assert {"pay_step_extra", "bonus"} <= allowed
    # Without scores there is nothing for a consequence to follow from.
    for slug in ("goede-gesprekken", "r-en-o-gesprek", "proeftijd-en-tijdelijk-contract"):
        assert not TemplateConsequence.objects.filter(version__template__slug=slug).exists()
    assert CycleTemplate.objects.get(slug="twee-gesprekken").versions.get().consequences.count() == 5


def test_a_default_that_is_not_allowed_is_refused_at_publish():
    version = draft()
    template_consequences_add(
        version=version,
        consequences={"allowed": ["pay_step_granted"], "defaults": {1: ["pay_step_withheld"]}},
    )
    assert refusal(version)["consequence_defaults"] == [
        "The default “Pay step (periodiek) withheld” is not one of the consequences this regeling allows."
    ]


def test_defaults_that_exclude_each_other_or_lie_off_the_scale_are_refused():
    version = draft()
    template_consequences_add(
        version=version,
        consequences={
            "allowed": ["pay_step_granted", "pay_step_withheld"],
            "defaults": {2: ["pay_step_granted", "pay_step_withheld"], 9: ["pay_step_granted"]},
        },
    )
    assert refusal(version)["consequence_defaults"] == [
        "A default is given for 9, which is not a point on the rating scale.",
        "The defaults for rating 2 exclude each other.",
    ]


def test_consequences_need_scores():
    version = draft(
        has_scores=False, has_self_assessment=False, rating_scale=None, goal_weight=0, competency_weight=0
    )
    template_consequences_add(version=version, consequences={"allowed": ["development"], "defaults": {}})
    assert refusal(version)["consequences"] == [
        "Consequences follow from the overall rating: they need an appraisal with scores."
    ]


@pytest.mark.django_db(transaction=True)
def test_built_in_regelingen_loaded_before_consequences_existed_get_them_by_migration():
    from django.core.management import call_command

    cycle_templates_load_builtin()
    try:
        call_command("migrate", "reviewcycle", "0022_cycle_template_required", verbosity=0)
    finally:
        call_command("migrate", verbosity=0)
    assert defaults_of("gemeentelijk")[1] == ["pay_step_withheld", "development"]
    assert defaults_of("twee-gesprekken")[3] == ["pay_step_granted"]
    assert not TemplateConsequence.objects.filter(version__template__slug="goede-gesprekken").exists()
