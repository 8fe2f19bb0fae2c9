"""PDF rendering with reportlab: pure functions from a prepared structure to bytes.

- ``common``: fonts, styles, escaped paragraphs, tables, the document with its numbered footer;
- ``review_form``: the review forms for the personnel file (``render_review_form``), with its
  sections in ``plan`` (planning and progress), ``appraisal`` and ``blocks`` (goals, competencies,
  the development plan, shared by the forms).

The printable dashboard (``reports.dashboard_pdf``) is built from the same blocks.
"""

from reports.pdf.common import build_pdf, fmt_date, grid, header, labelled, styles, text
from reports.pdf.review_form import render_review_form

__all__ = ["build_pdf", "fmt_date", "grid", "header", "labelled", "render_review_form", "styles", "text"]
