import pytest

pytest_plugins = ["tests.reviewcycle.fixtures"]


@pytest.fixture
def org_tree(db):
    """Gemeente → Dienstverlening → Burgerzaken → Team Balie, and Bedrijfsvoering beside it."""
    from tests.factories import OrgUnitFactory

    root = OrgUnitFactory(name="Gemeente Voorbeeld", kind="organisation")
    directorate = OrgUnitFactory(name="Dienstverlening", kind="directorate", parent=root)
    department = OrgUnitFactory(name="Burgerzaken", parent=directorate)
    team = OrgUnitFactory(name="Team Balie", kind="team", parent=department)
    other = OrgUnitFactory(name="Bedrijfsvoering", kind="directorate", parent=root)
    return {"root": root, "directorate": directorate, "department": department, "team": team, "other": other}


@pytest.fixture(autouse=True)
def no_kept_figures_of_an_earlier_test():
    """On SQLite a rolled-back test's ids come back in the next test, and the embedded run's cache (files)
    outlives the test: a cycle's kept figures (``reviewcycle.figures``, keyed by the cycle's id) would be
    another test's. Each test starts with an empty cache there. (PostgreSQL never hands out an id twice, and
    its runs share Redis with the workers they start, so it is left alone.)"""
    from django.core.cache import caches
    from django.core.cache.backends.filebased import FileBasedCache

    if isinstance(caches["default"], FileBasedCache):
        caches["default"].clear()


@pytest.fixture(autouse=True)
def english():
    """Tests read messages in English; Dutch is tested where it matters, explicitly."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """As in production: with DATABASE_OWNER_URL the owner role creates and migrates the test database."""
    from django.db import connections

    from core.database_roles import use_owner

    use_owner(connections["default"])


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The tests (and the workers they start) then run as the runtime role; the owner drops the database."""
    from django.db import connections

    from core.database_roles import use_owner, use_runtime

    with django_db_blocker.unblock():
        use_runtime(connections["default"])
    yield
    with django_db_blocker.unblock():
        use_owner(connections["default"])
