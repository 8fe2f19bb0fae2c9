"""PDF rendering with reportlab: pure functions from a prepared structure to bytes.

User text is always escaped before it reaches reportlab's mini-markup, so ``<b>``, ``&``
or ``<script>`` print as typed. Long texts are paragraphs in the flow (never inside a
table cell), so they split across pages.
"""

import io
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils import formats, translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    CondPageBreak,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from reviewcycle.record import ReviewForm

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"
ACCENT = colors.HexColor("#1d4f91")
LINE = colors.HexColor("#c9ced6")
SHADE = colors.HexColor("#eef2f7")


@cache
def _register_fonts() -> None:
    """Embed DejaVu (vendored): ë, é, ï, € and most scripts survive; the PDF needs no font on the reader."""
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


@cache
def styles() -> dict[str, ParagraphStyle]:
    _register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, spaceAfter=3)
    return {
        "body": base,
        "small": ParagraphStyle(
            "small", parent=base, fontSize=8, leading=10, textColor=colors.HexColor("#444")
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=11.5, spaceAfter=0),
        "label": ParagraphStyle(
            "label", parent=base, fontName=FONT_BOLD, fontSize=9, leading=11.5, spaceAfter=0
        ),
        "title": ParagraphStyle(
            "title", parent=base, fontName=FONT_BOLD, fontSize=16, leading=20, spaceAfter=4
        ),
        "org": ParagraphStyle("org", parent=base, fontSize=10, textColor=ACCENT, alignment=TA_RIGHT),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=12.5,
            leading=16,
            spaceBefore=10,
            spaceAfter=4,
            textColor=ACCENT,
        ),
        "h3": ParagraphStyle("h3", parent=base, fontName=FONT_BOLD, fontSize=10.5, leading=14, spaceBefore=6),
    }


def text(value, style: str = "body") -> Paragraph:
    """A paragraph of user or database text, printed literally."""
    return Paragraph(escape(str(value or "")).replace("\n", "<br/>"), styles()[style])


def labelled(label: str, value, style: str = "body") -> Paragraph:
    return Paragraph(
        f"<b>{escape(label)}:</b> {escape(str(value or '—')).replace(chr(10), '<br/>')}", styles()[style]
    )


def fmt_date(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def grid(rows: list[list], widths: list[float], *, header: bool = True) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.4, LINE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    table.setStyle(TableStyle(commands))
    return table


def _numbered_canvas(footer_left: str, page_label: str):
    """A canvas that knows the page count when it writes each footer ("page x of y")."""

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.setFont(FONT, 7.5)
                self.setFillColor(colors.HexColor("#555"))
                self.drawString(18 * mm, 10 * mm, footer_left)
                self.drawRightString(A4[0] - 18 * mm, 10 * mm, page_label % {"page": number, "pages": total})
                super().showPage()
            super().save()

    return NumberedCanvas


def build_pdf(story: list, *, title: str, author: str, subject: str, footer: str) -> bytes:
    _register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=title,
        author=author,
        subject=subject,
        creator="Gesprekscyclus",
    )
    document.build(story, canvasmaker=_numbered_canvas(footer, _("Page %(page)s of %(pages)s")))
    return buffer.getvalue()


def header(organisation: str, logo_path: str, title: str) -> list:
    parts = []
    if logo_path and Path(logo_path).is_file():
        logo = Image(logo_path)
        ratio = min(40 * mm / logo.imageWidth, 14 * mm / logo.imageHeight)
        logo.drawWidth, logo.drawHeight = logo.imageWidth * ratio, logo.imageHeight * ratio
        parts.append(Table([[logo, text(organisation, "org")]], colWidths=[60 * mm, None]))
    else:
        parts.append(text(organisation, "org"))
    parts.append(text(title, "title"))
    return parts


# --- the review forms ------------------------------------------------------------------------------


def render_review_form(form: ReviewForm) -> bytes:
    """The form for the personnel file, in the employee's language."""
    with translation.override(form.language):
        story = header(form.organisation_name, form.logo_path, form.title)
        story += _facts(form)
        sections = {"planning": _planning, "progress": _progress, "appraisal": _appraisal}[form.kind]
        story += sections(form)
        story += _signatures(form)
        story += _history(form)
        footer = _("%(reference)s · generated %(moment)s") % {
            "reference": form.reference,
            "moment": formats.date_format(form.generated_at, "SHORT_DATETIME_FORMAT"),
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
        (_("Second reviewer"), form.second_reviewer_name or "—"),
        (_("Cycle"), f"{form.cycle_name} ({fmt_date(form.period[0])} – {fmt_date(form.period[1])})"),
        (_("Status"), form.state_label),
    ]
    widths = [45 * mm, 129 * mm]
    return [grid([[text(k, "label"), text(v, "cell")] for k, v in rows], widths, header=False), Spacer(1, 4)]


def _competency_heading(item) -> list:
    level = (
        _("expected level %(level)s") % {"level": item.expected_level}
        if item.expected_level
        else _("no level set")
    )
    parts = [CondPageBreak(40 * mm), text(f"{item.name} — {level}", "h3")]
    if item.definition:
        parts.append(text(item.definition, "small"))
    if item.level_summary:
        parts.append(labelled(_("Expected level"), item.level_summary, "small"))
    return parts


def _indicator_table(indicators, heading: str, with_marks: bool) -> Table:
    if with_marks:
        rows = [[text(heading, "label"), text(_("Mark"), "label")]]
        rows += [[text(item.text, "cell"), text(item.mark or "—", "cell")] for item in indicators]
        return grid(rows, [134 * mm, 40 * mm])
    rows = [[text(heading, "label")]] + [[text(f"• {item.text}", "cell")] for item in indicators]
    return grid(rows, [174 * mm])


def _planning(form: ReviewForm) -> list:
    story = [text(_("Result agreements"), "h2")]
    story += _goal_blocks(form, results=False) or [text(_("No goals recorded yet."))]
    story += _development_plan(form)
    story.append(text(_("Competencies in focus"), "h2"))
    for item in form.competencies:
        story += _competency_heading(item)
        if item.indicators:
            story.append(_indicator_table(item.indicators, _("Behavioural indicators"), with_marks=False))
    story.append(text(_("Planning talk"), "h2"))
    story.append(labelled(_("Held on"), fmt_date(form.plan_talk_date)))
    story.append(labelled(_("Employee's signature"), form.plan_signature))
    if form.plan_response:
        story.append(labelled(_("Employee's response"), form.plan_response))
    return story


def _progress(form: ReviewForm) -> list:
    story = [text(_("Progress talks"), "h2")]
    if not form.progress_talks:
        story.append(text(_("No progress talks recorded yet.")))
    for talk_date, notes in form.progress_talks:
        story += [text(fmt_date(talk_date), "h3"), text(notes)]
    story.append(text(_("Result agreements and changes"), "h2"))
    story += _goal_blocks(form, results=False, changes=True) or [text(_("No goals recorded yet."))]
    story += _development_plan(form)
    return story


def _appraisal(form: ReviewForm) -> list:
    story = [text(_("Competencies"), "h2")]
    marks = form.scores_visible  # marks are blank for a reader who may not see them yet
    for item in form.competencies:
        story += _competency_heading(item)
        if item.indicators:
            story.append(_indicator_table(item.indicators, _("Indicators of the expected level"), marks))
        if item.next_level_indicators:
            story.append(Spacer(1, 3))
            story.append(
                _indicator_table(item.next_level_indicators, _("Indicators of the next level"), marks)
            )
        ratings = [
            [
                text(_("Own rating"), "label"),
                text(_("Proposed"), "label"),
                text(_("Manager's rating"), "label"),
            ],
            [
                text(item.self_rating or "—", "cell"),
                text(item.proposed_rating or "—", "cell"),
                text(item.rating or "—", "cell"),
            ],
        ]
        story += [Spacer(1, 3), grid(ratings, [58 * mm, 58 * mm, 58 * mm])]
        if item.self_remark:
            story.append(labelled(_("Employee's remark"), item.self_remark))
        if item.justification:
            story.append(labelled(_("Justification"), item.justification))
    story.append(text(_("Result agreements"), "h2"))
    story += _goal_blocks(form, results=True) or [text(_("No goals recorded."))]
    story.append(text(_("Overall rating"), "h2"))
    story.append(
        grid(
            [
                [
                    text(_("Proposed"), "label"),
                    text(_("Overall rating"), "label"),
                    text(_("Weights"), "label"),
                ],
                [
                    text(form.proposed_overall or "—", "cell"),
                    text(form.overall_rating or "—", "cell"),
                    text(
                        _("goals %(goals)s%% / competencies %(competencies)s%%")
                        % {"goals": form.weights[0], "competencies": form.weights[1]},
                        "cell",
                    ),
                ],
            ],
            [58 * mm, 58 * mm, 58 * mm],
        )
    )
    if form.overall_override_reason:
        story.append(labelled(_("Reason for a rating other than the proposal"), form.overall_override_reason))
    story.append(Spacer(1, 3))
    story.append(text(_("How a rating is proposed"), "label"))
    story += [text(line, "small") for line in form.legend]
    story += _development_plan(form)
    story.append(text(_("Appraisal talk"), "h2"))
    story.append(labelled(_("Held on"), fmt_date(form.appraisal_talk_date)))
    if form.appraisal_summary:
        story.append(labelled(_("Summary"), form.appraisal_summary))
    if form.self_assessment_skip_reason:
        story.append(labelled(_("Self-assessment skipped"), form.self_assessment_skip_reason))
    if form.employee_response:
        story.append(labelled(_("Employee's response"), form.employee_response))
    if form.objection_grounds:
        story.append(text(_("Objection"), "h2"))
        story.append(labelled(_("Grounds"), form.objection_grounds))
        if form.objection_decision:
            story.append(labelled(_("Decision"), form.objection_decision))
            story.append(labelled(_("Reasons"), form.objection_decision_reason))
    return story


def _goal_blocks(form: ReviewForm, *, results: bool, changes: bool = False) -> list:
    story = []
    for number, goal in enumerate(form.goals, start=1):
        facts = []
        if goal.weight is not None:
            facts.append(_("weight %(weight)s%%") % {"weight": goal.weight})
        if goal.deadline:
            facts.append(_("deadline %(date)s") % {"date": fmt_date(goal.deadline)})
        if goal.withdrawn:
            facts.append(_("withdrawn"))
        title = f"{number}. {goal.title}" + (f" ({', '.join(facts)})" if facts else "")
        story += [CondPageBreak(25 * mm), text(title, "h3")]
        if goal.description:
            story.append(text(goal.description))
        if goal.measure:
            story.append(labelled(_("How it is measured"), goal.measure))
        if changes:
            story += [labelled(_("Changed"), change, "small") for change in goal.changes]
        if results:
            story.append(
                grid(
                    [
                        [text(_("Own rating"), "label"), text(_("Manager's rating"), "label")],
                        [text(goal.self_rating or "—", "cell"), text(goal.rating or "—", "cell")],
                    ],
                    [87 * mm, 87 * mm],
                )
            )
            if goal.self_remark:
                story.append(labelled(_("Employee's remark"), goal.self_remark))
            if goal.result_note:
                story.append(labelled(_("Result"), goal.result_note))
            if goal.justification:
                story.append(labelled(_("Justification"), goal.justification))
    return story


def _development_plan(form: ReviewForm) -> list:
    story = [text(_("Development plan (POP)"), "h2")]
    if not form.development_actions:
        return [*story, text(_("No development actions."))]
    for description, competency, due, status in form.development_actions:
        facts = ", ".join(part for part in (competency, fmt_date(due) if due else "", status) if part)
        story.append(text(f"• {description} ({facts})"))
    return story


def _signatures(form: ReviewForm) -> list:
    rows = [[text(label, "label") for label in (_("Role"), _("Name"), _("Date"), _("Signature"))]]
    rows += [
        [text(s.role, "cell"), text(s.name, "cell"), text(fmt_date(s.date), "cell"), text(s.status, "cell")]
        for s in form.signatures
    ]
    return [KeepTogether([text(_("Signatures"), "h2"), grid(rows, [34 * mm, 55 * mm, 28 * mm, 57 * mm])])]


def _history(form: ReviewForm) -> list:
    """What happened, when and by whom: the review's events, each named by its kind's label."""
    rows = [[text(label, "label") for label in (_("Date"), _("What happened"), _("By"))]]
    rows += [[text(formats.date_format(at, "SHORT_DATETIME_FORMAT"), "cell"), text(what, "cell"), text(who, "cell")]
             for at, what, who in form.history]  # fmt: skip
    return [CondPageBreak(30 * mm), text(_("History"), "h2"), grid(rows, [34 * mm, 95 * mm, 45 * mm])]
