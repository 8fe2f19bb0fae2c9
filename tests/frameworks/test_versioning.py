import pytest
from django.core.exceptions import ValidationError

from frameworks.builtin import RECIPES, document_from_seeds
from frameworks.importers import parse_text
from frameworks.models import Competency, FrameworkVersion
from frameworks.services import (
    framework_merge_into_draft,
    framework_version_new_draft,
    framework_version_publish,
    frameworks_load_builtin,
)
from tests.frameworks.conftest import UFO_CLIENTS, UFO_LEGAL, VENDORED_SEEDS

pytestmark = pytest.mark.django_db


def ufo_version(seed):
    framework_merge_into_draft(
        document=parse_text(seed(UFO_LEGAL), title="Juridisch adviseur", slug="ufo").document, slug="ufo"
    )
    return framework_merge_into_draft(
        document=parse_text(seed(UFO_CLIENTS), title="Coördinator klantrelaties", slug="ufo").document,
        slug="ufo",
    )


def test_the_same_competency_in_two_profiles_is_one_object(seed):
    version = ufo_version(seed)
    legal = version.job_profiles.get(key="juridisch-adviseur")
    clients = version.job_profiles.get(key="coordinator-klantrelaties")
    shared = set(legal.competencies.all()) & set(clients.competencies.all())
    assert {competency.name for competency in shared} == {
        "Schriftelijke uitdrukkingsvaardigheid",
        "Klantgerichtheid",
    }
    assert version.competencies.count() == 6
    assert Competency.objects.filter(version=version, name="Klantgerichtheid").get().indicators.count() == 6
    assert FrameworkVersion.objects.filter(framework__slug="ufo").count() == 1


def test_published_version_is_immutable_and_edits_make_a_new_draft(seed):
    version = framework_version_publish(version=ufo_version(seed), actor=None)
    with pytest.raises(ValidationError, match="published and can no longer change"):
        framework_version_publish(version=version, actor=None)
    draft = framework_version_new_draft(framework=version.framework)
    assert (draft.number, draft.status) == (2, "draft")
    assert draft.competencies.count() == version.competencies.count()
    assert draft.competencies.first().pk != version.competencies.first().pk
    # Editing the draft leaves the published version as it was.
    draft.competencies.filter(key="integriteit").update(name="Integer handelen")
    assert version.competencies.get(key="integriteit").name == "Integriteit"
    assert framework_version_new_draft(framework=version.framework) == draft


def test_a_text_import_into_a_published_framework_goes_to_a_new_draft(seed):
    published = framework_version_publish(version=ufo_version(seed), actor=None)
    company = parse_text(seed("002_d92e8400c75201d0.txt"), slug="ufo").document
    draft = framework_merge_into_draft(document=company, slug="ufo")
    assert draft.number == 2
    assert draft.job_profiles.count() == 3
    assert published.job_profiles.count() == 2
    # Klantgerichtheid from the company description joins the existing competency.
    assert draft.competencies.filter(key="klantgerichtheid").count() == 1


def test_nothing_half_imported_when_the_merged_document_is_invalid(seed):
    version = ufo_version(seed)
    before = version.competencies.count()
    bad = parse_text(seed(UFO_LEGAL), title="Juridisch adviseur", slug="ufo").document
    bad["job_profiles"][0]["competencies"].append("bestaat-niet")
    with pytest.raises(Exception, match="unknown competency 'bestaat-niet'"):
        framework_merge_into_draft(document=bad, slug="ufo")
    assert version.competencies.count() == before


def test_built_in_frameworks_load_once_and_published():
    loaded = frameworks_load_builtin()
    assert {version.framework.slug for version in loaded} == {recipe.slug for recipe in RECIPES}
    assert all(version.status == "published" for version in loaded)
    assert frameworks_load_builtin() == []
    kempen = next(version for version in loaded if version.framework.slug == "kempen-competenties")
    assert kempen.role_types.count() == 20


def test_recipes_use_only_known_seed_files():
    for recipe in RECIPES:
        for filename, _options in recipe.seeds:
            assert (VENDORED_SEEDS / filename).exists()
        assert document_from_seeds(recipe, VENDORED_SEEDS)["framework"]["slug"] == recipe.slug
