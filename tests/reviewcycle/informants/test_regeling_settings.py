"""The regeling's informant settings are checked when HR publishes a version."""

import pytest

from tests.reviewcycle.shapes.test_publish import draft, refusal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("settings", "field", "reason"),
    [
        ({"informant_phases": ["planning"]}, "informant_phases", "Choose from"),
        ({"informant_anonymous_relations": ["friend"]}, "informant_anonymous_relations", "Choose from"),
        (
            {"informant_anonymous_relations": ["colleague", "colleague"]},
            "informant_anonymous_relations",
            "once",
        ),
        ({"informant_min_group": 1}, "informant_min_group", "2 to 20"),
    ],
)
def test_informant_settings_that_cannot_work_are_refused_at_publish(settings, field, reason):
    errors = refusal(draft(**settings))
    assert field in errors, errors
    assert any(reason in message for message in errors[field]), errors[field]


def test_the_defaults_ask_in_progress_and_the_appraisal_and_keep_colleagues_and_reports_anonymous():
    version = draft()
    assert version.informant_phases == ["progress", "appraisal"]
    assert version.informant_anonymous_relations == ["colleague", "report"]
    assert version.informant_min_group == 3
    assert version.informants_by_employee is False
    assert version.informant_merge_small_groups is False
