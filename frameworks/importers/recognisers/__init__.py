"""Recognisers: each reads one kind of HR document from a ``Structure`` into a canonical document.

Each module has ``FORMAT``, ``looks_like(structure)`` and ``parse(structure, **options)``.
The levelled-competency and company job-description recognisers read the structure's
elements; the matrix and the UFO profile still read ``structure.text`` line by line
(their structure-based versions are the next step).
"""
