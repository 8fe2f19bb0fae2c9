"""The organisation's logo from the file storage (issue 24): machines that share no disk print the same logo."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from PIL import Image as PillowImage
from reportlab.platypus import Image, Table

from core.files import _stored_bytes, organisation_logo
from reports.pdf.common import header


@pytest.fixture
def stored_logo():
    buffer = io.BytesIO()
    PillowImage.new("RGB", (80, 28), "navy").save(buffer, format="PNG")
    _stored_bytes.cache_clear()
    name = storages["default"].save("branding/logo.png", ContentFile(buffer.getvalue()))
    yield f"storage:{name}"
    storages["default"].delete(name)
    _stored_bytes.cache_clear()


def test_a_logo_in_the_file_storage_heads_the_form(stored_logo):
    first = header("Gemeente Ede", stored_logo, "Functioneringsgesprek")[0]
    assert isinstance(first, Table)
    assert isinstance(first._cellvalues[0][0], Image)


def test_a_missing_stored_logo_leaves_the_name_only(caplog):
    _stored_bytes.cache_clear()
    assert organisation_logo("storage:branding/gone.png") is None
    assert not isinstance(header("Gemeente Ede", "storage:branding/gone.png", "Titel")[0], Table)
    assert "could not be read" in caplog.text


def test_a_logo_on_the_local_disk_still_works(tmp_path):
    path = tmp_path / "logo.png"
    PillowImage.new("RGB", (80, 28), "navy").save(path)
    assert organisation_logo(str(path)) == str(path)
    assert organisation_logo(str(tmp_path / "none.png")) is None
    assert organisation_logo("") is None
