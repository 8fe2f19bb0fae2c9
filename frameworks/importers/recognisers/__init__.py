"""Recognisers: each reads one kind of HR document from a ``Structure`` into a canonical document.

Each module has ``FORMAT``, ``looks_like(structure)`` and ``parse(structure, **options)``.
The levelled-competency and company job-description recognisers work on the elements
(headings, items with marker and depth, tables); the matrix and the UFO profile read the
elements one line each (``base.structure_lines``: a bullet item with ``•``, a table row
with its cells tab-separated), so they read a Word document, a web page or a PDF as well.
"""
