"""Recognisers: each reads one kind of HR document from a ``Structure`` into a canonical document.

Each module has ``FORMAT``, ``looks_like(structure)`` and ``parse(structure, **options)``.
All of them read the elements (headings with their level, paragraphs, list items with
their depth and marker, tables with their rows and cells), never the text line by line,
so a Word document, a web page, a PDF and pasted text are read alike.
"""
