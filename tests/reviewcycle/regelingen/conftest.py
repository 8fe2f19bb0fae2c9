import pytest

from reviewcycle.shapes.services import cycle_templates_load_builtin


@pytest.fixture
def builtin(db):
    """The five built-in regelingen, published, with their talk forms."""
    cycle_templates_load_builtin()
