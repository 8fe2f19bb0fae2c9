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
