"""The review forms for the personnel file: the facts, the sections of the form's kind, the
signatures and the history."""

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Spacer

from core.dates import long_datetime
from reports.pdf.appraisal import appraisal_sections
from reports.pdf.common import build_pdf, fmt_date, grid, header, text
from reports.pdf.informants import informant_sections
from reports.pdf.plan import planning_sections, progress_sections
from reports.pdf.talks import talk_form_sections
from reviewcycle.record import ReviewForm

SECTIONS = {"planning": planning_sections, "progress": progress_sections, "appraisal": appraisal_sections}


def render_review_form(form: ReviewForm) -> bytes:
    """The form for the personnel file, in the employee's language, with the informants' input the reader
    may see (``ReviewForm.informants``) on the appraisal form."""
    with translation.override(form.language):
        story = header(form.organisation_name, form.logo_path, form.title)
        story += _facts(form)
        sections = SECTIONS[form.kind]
        story += sections(form)
        if form.kind == "appraisal":
            story += informant_sections(form.informants)
        story += talk_form_sections(form)
        story += _signatures(form)
        story += _history(form)
        footer = _("%(reference)s · generated %(moment)s") % {
            "reference": form.reference,
            "moment": long_datetime(form.generated_at),
        }
        return build_pdf(
            story,
            title=form.title,
            author=form.organisation_name,
            subject=f"{form.cycle_name} — {form.reference}",
            footer=footer,
        )


def _facts(form: ReviewForm) -> list:
    rows = [
        (_("Employee"), f"{form.employee_name} ({form.employee_number})"),
        (_("Organisation unit"), form.org_unit),
        (_("Role-type cell or job profile"), form.role_label or "—"),
        (_("Manager"), form.manager_name),
        *([(_("Second reviewer"), form.second_reviewer_name or "—")] if form.shape.has_second_review else []),
        (_("Cycle"), f"{form.cycle_name} ({fmt_date(form.period[0])} – {fmt_date(form.period[1])})"),
        (_("Status"), form.state_label),
    ]
    widths = [45 * mm, 129 * mm]
    return [grid([[text(k, "label"), text(v, "cell")] for k, v in rows], widths, header=False), Spacer(1, 4)]


def _signatures(form: ReviewForm) -> list:
    rows = [[text(label, "label") for label in (_("Role"), _("Name"), _("Date"), _("Signature"))]]
    rows += [
        [text(s.role, "cell"), text(s.name, "cell"), text(fmt_date(s.date), "cell"), text(s.status, "cell")]
        for s in form.signatures
    ]
    return [KeepTogether([text(_("Signatures"), "h2"), grid(rows, [30 * mm, 50 * mm, 36 * mm, 58 * mm])])]


def _history(form: ReviewForm) -> list:
    """What happened, when and by whom: the review's events, each named by its kind's label."""
    rows = [[text(label, "label") for label in (_("Date"), _("What happened"), _("By"))]]
    rows += [[text(long_datetime(at), "cell"), text(what, "cell"), text(who, "cell")]
             for at, what, who in form.history]  # fmt: skip
    return [CondPageBreak(30 * mm), text(_("History"), "h2"), grid(rows, [56 * mm, 76 * mm, 42 * mm])]
