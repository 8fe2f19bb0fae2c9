"""Abuse and careless use of HR's framework import page (issue 19): every bad input ends in a Dutch
error beside its field, nothing half-stored, nothing stored twice."""

import re

import pytest

from frameworks.models import Framework, FrameworkEvent, FrameworkVersion
from frameworks.selectors import version_document
from tests.web.test_framework_import import TWO_COMPETENCIES, fields_of, upload

pytestmark = pytest.mark.django_db

ROLE_MATRIX = """\
Rolmatrix competenties 2026

Roltype\tKlantgerichtheid\tSamenwerken\tLeiderschap
Uitvoerder A + B\t1\t1\t1
Adviseur A\t3\t3\t2
Leidinggevende B\tniveau 3\t3\t
"""


def test_two_role_type_cells_under_one_name_is_an_error_beside_the_field(client, hr):
    fields = fields_of(upload(client, "rollen.txt", ROLE_MATRIX.encode()))
    fields["r2-family"] = "Uitvoerder"  # "Adviseur A" becomes a second "Uitvoerder A"
    response = client.post("/frameworks/import/", {**fields, "action": "import"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "appears more than once" not in html
    assert re.search(r'id="id_r2-family_error"[^>]*>.*Uitvoerder A', html, re.S)
    assert not Framework.objects.exists()


def test_a_role_type_longer_than_can_be_stored_is_an_error_beside_the_field(client, hr):
    fields = fields_of(upload(client, "rollen.txt", ROLE_MATRIX.encode()))
    response = client.post("/frameworks/import/", {**fields, "r1-family": "x" * 150, "action": "import"})
    assert response.status_code == 400
    assert "r1-family_error" in response.content.decode()
    assert not Framework.objects.exists()


def test_confirming_one_framework_does_not_add_the_document_to_another(client, hr):
    client.post("/frameworks/import/", {**fields_of(upload(client)), "action": "import"})
    client.post(
        "/frameworks/import/", {**fields_of(upload(client)), "framework_name": "Tweede", "action": "import"}
    )
    first, second = Framework.objects.order_by("pk")
    fields = fields_of(upload(client, target=first.pk))  # the preview showed first's overlap
    response = client.post(
        "/frameworks/import/", {**fields, "target": second.pk, "confirm_merge": "on", "action": "import"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Samenwerken stond al zo in het raamwerk" in html  # now the overlap with the second
    assert 'name="confirm_merge"' in html
    assert FrameworkEvent.objects.filter(kind=FrameworkEvent.Kind.DOCUMENT_IMPORTED).count() == 2


def test_choosing_a_framework_and_importing_at_once_shows_the_box_to_tick(client, hr):
    client.post("/frameworks/import/", {**fields_of(upload(client)), "action": "import"})
    existing = Framework.objects.get()
    fields = fields_of(upload(client))
    response = client.post("/frameworks/import/", {**fields, "target": existing.pk, "action": "import"})
    assert response.status_code == 400
    assert 'name="confirm_merge"' in response.content.decode()


def test_leaving_everything_out_is_refused(client, hr):
    fields = fields_of(upload(client))
    response = client.post(
        "/frameworks/import/", {**fields, "c0-leave-out": "on", "c1-leave-out": "on", "action": "import"}
    )
    assert response.status_code == 400
    assert "Er blijft niets over om te importeren" in response.content.decode()
    assert not Framework.objects.exists()


def test_a_document_too_large_for_one_preview_is_refused_beside_the_file(client, hr, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 15  # a browser could not send the preview back
    response = upload(client)
    assert response.status_code == 400
    html = response.content.decode()
    assert "id_file_error" in html
    assert "te veel onderdelen" in html
    assert not Framework.objects.exists()


def test_control_characters_in_a_text_file_are_dropped(client, hr):
    content = TWO_COMPETENCIES.replace("Helpt", "Hel\x00pt").replace("Samenwerken", "Samen\x07werken\x1b")
    preview = upload(client, content=content.encode())
    assert preview.status_code == 200
    fields = fields_of(preview)
    sent = "".join(fields.values())
    assert "\x00" not in sent
    assert "\x07" not in sent
    response = client.post("/frameworks/import/", {**fields, "action": "import"})
    assert response.status_code == 302
    (first, _) = version_document(version=FrameworkVersion.objects.get())["competencies"]
    assert first["name"] == "Samenwerken"
    assert first["levels"][0]["indicators"][1] == "Helpt een collega die vastloopt."


def test_a_double_click_on_import_stores_one_draft(client, hr):
    fields = {**fields_of(upload(client)), "action": "import"}
    first = client.post("/frameworks/import/", fields)
    second = client.post("/frameworks/import/", fields)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Framework.objects.count() == 1
    assert FrameworkEvent.objects.filter(kind=FrameworkEvent.Kind.DOCUMENT_IMPORTED).count() == 1


def test_names_sent_over_several_lines_are_stored_on_one(client, hr):
    fields = fields_of(upload(client))  # a browser's text input cannot send a line break; a forged POST can
    fields.update({"c0-name": "Samen\nwerken", "framework_name": "Woorden\r\nboek", "action": "import"})
    assert client.post("/frameworks/import/", fields).status_code == 302
    assert (
        version_document(version=FrameworkVersion.objects.get())["competencies"][0]["name"] == "Samen werken"
    )
    assert Framework.objects.get().name == "Woorden boek"


def test_a_document_too_large_to_post_back_is_refused_beside_the_file(client, hr, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000  # the preview's state and texts could not be sent back
    response = upload(client)
    assert response.status_code == 400
    html = response.content.decode()
    assert "id_file_error" in html
    assert "te groot voor één voorbeeld" in html
    assert not Framework.objects.exists()


def test_a_preview_grown_too_large_to_post_back_keeps_the_last_one(client, hr, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 25  # the preview fits; one competency more does not
    fields = fields_of(upload(client))
    fields.update({"cnew-name": "Plannen", "cnew-level-1": "Maakt een planning.", "action": "update"})
    response = client.post("/frameworks/import/", fields)
    assert response.status_code == 400
    html = response.content.decode()
    assert "te veel onderdelen" in html
    assert 'name="c2-name"' not in html
    assert not Framework.objects.exists()


def test_a_rename_that_changes_what_is_added_to_a_framework_is_shown_before_it_counts(client, hr):
    client.post("/frameworks/import/", {**fields_of(upload(client)), "action": "import"})
    existing = Framework.objects.get()
    other = TWO_COMPETENCIES.replace("Klantgerichtheid", "Plannen")
    fields = fields_of(upload(client, content=other.encode(), target=existing.pk))
    fields.update(
        {"c1-name": "Klantgerichtheid", "target": existing.pk, "confirm_merge": "on", "action": "import"}
    )
    response = client.post("/frameworks/import/", fields)  # ticked for an overlap without Klantgerichtheid
    assert response.status_code == 400
    html = response.content.decode()
    assert "Klantgerichtheid stond al" in html
    assert 'value="Klantgerichtheid"' in html
    assert FrameworkEvent.objects.filter(kind=FrameworkEvent.Kind.DOCUMENT_IMPORTED).count() == 1
    again = client.post(
        "/frameworks/import/",
        {**fields_of(response), "target": existing.pk, "confirm_merge": "on", "action": "import"},
    )
    assert again.status_code == 302


def test_a_refused_document_shows_the_refusal_in_dutch_with_its_line(client, hr):
    skipped = "Klantgerichtheid\n\nHandelt vanuit de klant.\n\nNiveau 1\n• Helpt de klant.\n\nNiveau 3\n• Bouwt relaties op.\n"
    response = upload(client, "overgeslagen.txt", skipped.encode(), format="levelled-competency")
    assert response.status_code == 400
    html = response.content.decode().replace("&#x27;", "'")
    assert re.search(
        r'id="id_file_error"[^>]*>.*Regel 8: hier werd .Niveau 2. verwacht, maar er staat .Niveau 3.',
        html,
        re.S,
    )
    assert "expected" not in html
    assert not Framework.objects.exists()
