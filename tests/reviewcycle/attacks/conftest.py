import pytest

from reviewcycle.shapes.services import cycle_templates_load_builtin


@pytest.fixture
def builtin(db):
    cycle_templates_load_builtin()
