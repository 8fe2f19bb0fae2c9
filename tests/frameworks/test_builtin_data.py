import pytest

from frameworks.builtin import DATA_DIR, RECIPES, document_from_seeds
from frameworks.document import parse_document_text
from tests.frameworks.conftest import SHARED_SEEDS, VENDORED_SEEDS


@pytest.mark.parametrize("recipe", RECIPES, ids=lambda recipe: recipe.filename)
def test_importing_the_raw_seed_files_gives_exactly_the_built_in_data(recipe):
    if not all((SHARED_SEEDS / filename).exists() for filename, _options in recipe.seeds):
        pytest.skip(f"the source documents are not at {SHARED_SEEDS}")
    built_in = parse_document_text((DATA_DIR / recipe.filename).read_text(encoding="utf-8"))
    assert document_from_seeds(recipe, SHARED_SEEDS) == built_in


def test_the_vendored_test_copies_of_the_seeds_are_the_users_documents():
    shared = sorted(path.name for path in SHARED_SEEDS.glob("0*.txt"))
    if not shared:
        pytest.skip(f"the source documents are not at {SHARED_SEEDS}")
    for name in shared:
        assert (VENDORED_SEEDS / name).read_bytes() == (SHARED_SEEDS / name).read_bytes(), name


def test_every_data_file_has_a_recipe_and_validates():
    assert sorted(path.name for path in DATA_DIR.glob("*.yaml")) == sorted(
        recipe.filename for recipe in RECIPES
    )
    for recipe in RECIPES:
        document = parse_document_text((DATA_DIR / recipe.filename).read_text(encoding="utf-8"))
        assert document["framework"]["slug"] == recipe.slug


def test_the_built_in_texts_carry_no_spelling_slip_of_the_sources():
    from frameworks.builtin import SPELLING

    texts = " ".join(path.read_text(encoding="utf-8") for path in DATA_DIR.glob("*.yaml"))
    for wrong, right in SPELLING:
        assert wrong not in texts, wrong
        assert right in texts, right
    assert "langetermijnrelatie" in texts
