"""The people import, split by concern (``read``: the file as rows, within limits).

The validation, planning and applying still live in ``people.importer``.
"""
