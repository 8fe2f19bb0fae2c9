"""A failed export tells HR what to do, never the exception's text (issue 14, fault 2)."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_failed_form_export_shows_no_exception_text(org, cycle, monkeypatch):
    import reports.services
    from reports.services import form_export_run, form_export_start

    def broken(data):
        raise RuntimeError("could not open /srv/secret/fonts/DejaVu.ttf: errno 13")

    monkeypatch.setattr(reports.services, "render_review_form", broken)
    export = form_export_run(export_id=form_export_start(actor=org.hr, cycle=cycle, org_unit=org.team).pk)
    assert export.status == "failed"
    assert "secret" not in export.error
    assert "RuntimeError" not in export.error
    assert "beheerder" in export.error  # stored in the organisation's language: a worker writes it


@pytest.mark.parametrize(
    ("state", "code", "dutch"),
    [
        ("failed", "export_failed", "Start een nieuwe export"),
        ("pending", "export_not_ready", "nog niet klaar"),
        ("running", "export_not_ready", "nog niet klaar"),
    ],
)
def test_downloading_an_export_that_is_not_done_says_why(org, cycle, state, code, dutch):
    from rest_framework.test import APIClient

    from reports.models import ReviewFormExport

    export = ReviewFormExport.objects.create(
        cycle=cycle, org_unit=org.team, requested_by=org.hr, status=state, error="kapot"
    )
    api = APIClient(HTTP_ACCEPT_LANGUAGE="nl")
    api.force_authenticate(org.hr)
    answer = api.get(f"/api/v1/exports/{export.pk}/download/")
    assert answer.status_code == 409
    assert answer.json()["code"] == code
    assert dutch in answer.json()["detail"]
    assert "ReviewFormExport" not in answer.content.decode()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_api_404_is_the_generic_translated_message(org, cycle, language):
    """Whatever ``get_object_or_404`` looked for, the answer names no model (fault: an English model name)."""
    from rest_framework.test import APIClient

    from reports.models import ReviewFormExport

    export = ReviewFormExport.objects.create(cycle=cycle, org_unit=org.team, requested_by=org.hr)
    api = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    expected = {"nl": "Niet gevonden.", "en": "Not found."}[language]
    api.force_authenticate(org.manager.user)  # not theirs to see
    for url in (
        f"/api/v1/exports/{export.pk}/download/",
        f"/api/v1/exports/{export.pk}/",
        "/api/v1/exports/999999/download/",
        "/api/v1/cycles/999999/",
        "/api/v1/reviews/999999/",
    ):
        answer = api.get(url)
        assert answer.status_code == 404, url
        assert answer.json() == {"detail": expected}, url
