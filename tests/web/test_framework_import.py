"""HR's framework import page (in Dutch, the language a page has by default): upload, the names a document lost, the preview with its corrections,
and the import as a draft (issue 19). Nothing is stored before HR confirms."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from frameworks.models import Framework, FrameworkEvent, FrameworkVersion
from frameworks.selectors import version_document
from people.services import hr_grant
from tests.factories import OrgUnitFactory, UserFactory
from tests.frameworks.documents import to_docx

pytestmark = pytest.mark.django_db

TWO_COMPETENCIES = """\
Samenwerken
Je werkt met anderen aan een gezamenlijk resultaat.
Niveau 1
• Deelt informatie met collega's.
• Helpt een collega die vastloopt.
Niveau 2
• Stemt het eigen werk af met andere teams.
• Spreekt collega's aan op afspraken.

Klantgerichtheid
Je gaat uit van wat de klant nodig heeft.
Niveau 1
• Luistert naar de vraag van de klant.
Niveau 2
• Denkt mee met de klant.
• Zoekt een oplossing die bij de klant past.
"""

NAMELESS_FIRST = """\
Niveau 1
• Luistert naar de vraag van de klant.
• Verwijst de klant door als dat nodig is.
Niveau 2
• Denkt mee met de klant.
"""


@pytest.fixture
def hr(client):
    user = UserFactory(username="hr-centraal")
    hr_grant(user=user, org_units=[OrgUnitFactory(name="Gemeente Proef", kind="organisation")], actor=None)
    client.force_login(user)
    return user


def upload(client, name="woordenboek.txt", content=None, **fields):
    content = TWO_COMPETENCIES.encode() if content is None else content
    return client.post("/frameworks/import/", {"file": SimpleUploadedFile(name, content), **fields})


def state_of(response) -> str:
    return re.search(r'name="state" value="([^"]+)"', response.content.decode()).group(1)


def fields_of(response) -> dict:
    """The preview's fields as a browser would send them back: text inputs, text boxes, the choice."""
    html = response.content.decode()
    values = dict(re.findall(r'<input type="text" name="([^"]+)" value="([^"]*)"', html))
    for name, text in re.findall(r'<textarea name="([^"]+)"[^>]*>\n?(.*?)</textarea>', html, re.S):
        values[name] = text
    values["state"] = state_of(response)
    return {name: value.replace("&#x27;", "'").replace("&amp;", "&") for name, value in values.items()}


def test_only_hr_for_the_whole_organisation_may_import(client):
    client.force_login(UserFactory())
    assert client.get("/frameworks/import/").status_code == 403
    unit_hr = UserFactory()
    top = OrgUnitFactory(name="Top", kind="organisation")
    hr_grant(user=unit_hr, org_units=[OrgUnitFactory(name="Afdeling", parent=top)], actor=None)
    client.force_login(unit_hr)
    assert client.get("/frameworks/import/").status_code == 403


def test_preview_shows_what_was_recognised_and_stores_nothing(client, hr):
    response = upload(client)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Samenwerken"' in html
    assert 'value="Klantgerichtheid"' in html
    assert "Stemt het eigen werk af met andere teams." in html
    assert 'id="regel-1"' in html  # the document beside it, line by line
    assert not Framework.objects.exists()


def test_import_of_the_preview_makes_a_new_draft_audited(client, hr):
    preview = upload(client)
    response = client.post("/frameworks/import/", {**fields_of(preview), "action": "import"})
    assert response.status_code == 302
    version = FrameworkVersion.objects.get()
    assert version.status == FrameworkVersion.Status.DRAFT
    document = version_document(version=version)
    assert [c["name"] for c in document["competencies"]] == ["Samenwerken", "Klantgerichtheid"]
    assert [len(level["indicators"]) for level in document["competencies"][0]["levels"]] == [2, 2]
    event = FrameworkEvent.objects.get(kind=FrameworkEvent.Kind.DOCUMENT_IMPORTED)
    assert event.actor == hr
    assert event.payload["file"] == "woordenboek.txt"
    assert event.payload["competencies"] == 2
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Klantgerichtheid" in page.content.decode()


def test_corrections_rename_move_and_merge(client, hr):
    preview = upload(client)
    fields = fields_of(preview)
    fields["c0-name"] = "Samenwerking"
    # Move "Spreekt collega's aan op afspraken." from level 2 to level 1.
    fields["c0-level-1"] += "\nSpreekt collega's aan op afspraken."
    fields["c0-level-2"] = "Stemt het eigen werk af met andere teams."
    fields["c1-merge"] = "on"
    response = client.post("/frameworks/import/", {**fields, "action": "update"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Samenwerking"' in html
    assert 'value="Klantgerichtheid"' not in html
    again = client.post("/frameworks/import/", {**fields_of(response), "action": "import"})
    assert again.status_code == 302
    (competency,) = version_document(version=FrameworkVersion.objects.get())["competencies"]
    assert competency["name"] == "Samenwerking"
    assert competency["levels"][0]["indicators"] == [
        "Deelt informatie met collega's.",
        "Helpt een collega die vastloopt.",
        "Spreekt collega's aan op afspraken.",
        "Luistert naar de vraag van de klant.",
    ]
    assert len(competency["levels"][1]["indicators"]) == 3


def test_split_into_a_new_competency_and_leave_one_out(client, hr):
    fields = fields_of(upload(client))
    fields["cnew-name"] = "Klantcontact"
    fields["cnew-level-1"] = "Deelt informatie met collega's."
    fields["c0-level-1"] = "Helpt een collega die vastloopt."
    fields["c1-leave-out"] = "on"
    assert client.post("/frameworks/import/", {**fields, "action": "import"}).status_code == 302
    names = [c["name"] for c in version_document(version=FrameworkVersion.objects.get())["competencies"]]
    assert names == ["Samenwerken", "Klantcontact"]


def test_two_competencies_under_one_name_is_an_error_beside_the_field(client, hr):
    fields = fields_of(upload(client))
    fields["c1-name"] = "Samenwerken"
    response = client.post("/frameworks/import/", {**fields, "action": "import"})
    assert response.status_code == 400
    assert "Twee competenties heten Samenwerken" in response.content.decode()
    assert not Framework.objects.exists()


def test_a_lost_name_is_filled_in_on_the_preview(client, hr):
    response = upload(client, "niveaus.docx", to_docx(NAMELESS_FIRST))
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<input type="text" name="c0-name"(?![^>]*value=)', html)  # empty, to fill in
    assert "Competentie 1 heeft geen naam in het document" in html
    assert 'class="marked"' in html
    fields = fields_of(response)
    empty = client.post("/frameworks/import/", {**fields, "action": "import"})
    assert empty.status_code == 400
    assert "Geef deze competentie een naam." in empty.content.decode()
    assert not Framework.objects.exists()
    named = client.post("/frameworks/import/", {**fields, "c0-name": "Klantgerichtheid", "action": "import"})
    assert named.status_code == 302
    (competency,) = version_document(version=FrameworkVersion.objects.get())["competencies"]
    assert competency["name"] == "Klantgerichtheid"
    assert [len(level["indicators"]) for level in competency["levels"]] == [2, 1]


def test_adding_to_an_existing_framework_is_shown_and_must_be_confirmed(client, hr):
    fields = fields_of(upload(client))
    client.post("/frameworks/import/", {**fields, "action": "import"})
    existing = Framework.objects.get()
    preview = upload(client, target=existing.pk)
    assert "Samenwerken stond al zo in het raamwerk" in preview.content.decode()
    fields = {**fields_of(preview), "target": existing.pk}
    refused = client.post("/frameworks/import/", {**fields, "action": "import"})
    assert refused.status_code == 400
    assert "Vink dit aan om het document" in refused.content.decode()
    assert Framework.objects.count() == 1
    done = client.post("/frameworks/import/", {**fields, "confirm_merge": "on", "action": "import"})
    assert done.status_code == 302
    assert Framework.objects.count() == 1


def test_a_changed_or_forged_state_is_refused(client, hr):
    fields = fields_of(upload(client))
    fields["state"] = fields["state"][:-3] + "abc"
    response = client.post("/frameworks/import/", {**fields, "action": "import"})
    assert response.status_code == 400
    assert not Framework.objects.exists()


def test_refusals_name_the_line_beside_the_field(client, hr):
    response = upload(client, "oud.doc", b"\xd0\xcf\x11\xe0")
    assert response.status_code == 400
    assert ".doc files are not read" in response.content.decode()
    response = upload(client, "leeg.txt", b"Alleen een zin zonder structuur.\n")
    assert response.status_code == 400
    assert "cannot tell the format" in response.content.decode()
    assert not client.post("/frameworks/import/", {}).content.decode().count("Traceback")


def test_pasted_text_works_like_a_file(client, hr):
    response = client.post("/frameworks/import/", {"text": TWO_COMPETENCIES})
    assert response.status_code == 200
    assert 'value="Klantgerichtheid"' in response.content.decode()


# Abuse and careless use: every bad input ends in a Dutch error beside its field, nothing half-stored.

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
