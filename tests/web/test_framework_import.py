"""HR's framework import page (in Dutch, the language a page has by default): upload, the names a document lost, the preview with its corrections,
and the import as a draft (issue 19). Nothing is stored before HR confirms."""

import re
from pathlib import Path

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


def upload(client, name="woordenboek.txt", content=None, **fields):
    content = TWO_COMPETENCIES.encode() if content is None else content
    return client.post("/frameworks/import/", {"file": SimpleUploadedFile(name, content), **fields})


def state_of(response) -> str:
    return re.search(r'name="state" value="([^"]+)"', response.content.decode()).group(1)


def fields_of(response) -> dict:
    """The preview's fields as a browser would send them back: text and number inputs, text boxes."""
    html = response.content.decode()
    values = dict(re.findall(r'<input type="(?:text|number)" name="([^"]+)" value="([^"]*)"', html))
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
    assert ".doc-bestanden worden niet gelezen" in response.content.decode()
    response = upload(client, "leeg.txt", b"Alleen een zin zonder structuur.\n")
    assert response.status_code == 400
    assert "niet te zeggen wat voor document dit is" in response.content.decode()
    assert not client.post("/frameworks/import/", {}).content.decode().count("Traceback")


def test_pasted_text_works_like_a_file(client, hr):
    response = client.post("/frameworks/import/", {"text": TWO_COMPETENCIES})
    assert response.status_code == 200
    assert 'value="Klantgerichtheid"' in response.content.decode()


def test_hr_finds_both_imports_on_the_cycles_page(client, hr):
    html = client.get("/reports/").content.decode()
    assert 'href="/frameworks/import/"' in html
    assert 'href="/people/import/"' in html
    unit_hr = UserFactory()
    hr_grant(
        user=unit_hr,
        org_units=[OrgUnitFactory(name="Afdeling", parent=OrgUnitFactory(name="Top"))],
        actor=None,
    )
    client.force_login(unit_hr)
    assert 'href="/frameworks/import/"' not in client.get("/reports/").content.decode()


def test_a_role_matrix_shows_each_cells_levels_to_correct(client, hr):
    text = (Path(__file__).parents[1] / "frameworks" / "corpus" / "26_rolmatrix_tabel.txt").read_text()
    preview = client.post("/frameworks/import/", {"text": text})
    assert preview.status_code == 200
    fields = fields_of(preview)
    html = preview.content.decode()
    assert 'name="r0-expected-2"' in html  # Uitvoerder A × Leiderschap, a field of its own
    fields.update({"r0-default": "1", "r0-expected-2": "3"})
    assert client.post("/frameworks/import/", {**fields, "action": "import"}).status_code == 302
    version = FrameworkVersion.objects.get()
    cell = version_document(version=version)["role_types"][0]
    assert cell["default_level"] == 1
    assert cell["expected_levels"] == {"leiderschap": 3}
    page = client.get(f"/frameworks/{version.framework.slug}/versions/{version.number}/").content.decode()
    assert '<th scope="row">Uitvoerder A</th>' in page


def test_a_level_summary_can_be_undone_into_an_indicator(client, hr):
    text = "Plannen\nJe ordent je werk.\nNiveau 1\nOrdent het eigen werk\n• Maakt een planning.\n"
    fields = fields_of(client.post("/frameworks/import/", {"text": text}))
    assert fields["c0-summary-1"] == "Ordent het eigen werk"
    fields["c0-summary-1"] = ""
    fields["c0-level-1"] = "Ordent het eigen werk.\nMaakt een planning."
    assert client.post("/frameworks/import/", {**fields, "action": "import"}).status_code == 302
    (level,) = version_document(version=FrameworkVersion.objects.get())["competencies"][0]["levels"]
    assert level["summary"] == ""
    assert level["indicators"] == ["Ordent het eigen werk.", "Maakt een planning."]


def test_the_first_competency_offers_no_merge_and_a_taken_name_is_refused(client, hr):
    preview = upload(client)
    assert 'name="c0-merge"' not in preview.content.decode()
    assert 'name="c1-merge"' in preview.content.decode()
    fields = fields_of(preview)
    assert client.post("/frameworks/import/", {**fields, "action": "import"}).status_code == 302
    other = TWO_COMPETENCIES.replace("Klantgerichtheid", "Klantgericht werken").encode()  # another document
    again = client.post(
        "/frameworks/import/", {**fields_of(upload(client, content=other)), "action": "import"}
    )
    assert again.status_code == 400
    assert "Er is al een raamwerk dat Competentiewoordenboek heet" in again.content.decode()
    assert Framework.objects.count() == 1


def test_a_job_profiles_purpose_knowledge_frame_and_result_are_shown_to_correct(client, hr):
    corpus = Path(__file__).parents[1] / "frameworks" / "corpus"
    preview = client.post(
        "/frameworks/import/", {"text": (corpus / "19_functie_gemengde_koppen.txt").read_text()}
    )
    fields = fields_of(preview)
    assert fields["p0-purpose"]
    assert fields["p0-knowledge"]
    assert fields["p0-area-0-result"]
    fields["p0-knowledge"] = "Kennis van de Omgevingswet"
    fields["p0-area-0-result"] = "Aanvragen zijn binnen de termijn afgehandeld."
    assert client.post("/frameworks/import/", {**fields, "action": "import"}).status_code == 302
    (profile,) = version_document(version=FrameworkVersion.objects.get())["job_profiles"]
    assert profile["knowledge"] == ["Kennis van de Omgevingswet"]
    assert profile["result_areas"][0]["result"] == "Aanvragen zijn binnen de termijn afgehandeld."
    ufo = fields_of(
        client.post("/frameworks/import/", {"text": (corpus / "23_ufo_zonder_competenties.txt").read_text()})
    )
    assert ufo["p0-area-0-frame"]
