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
def english():
    """Tests read messages in English; Dutch is tested where it matters, explicitly."""
    from django.utils import translation

    with translation.override("en"):
        yield
