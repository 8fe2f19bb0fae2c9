"""The raters with the most to look at first, never a row for every manager of the organisation (issue
17: a page costs the same at 500 and at 20,000 employees; the units: ``people.selectors.unit_level``)."""

# The most managers a table lists; the others are in the review list (filtered by manager).
MANAGERS_LISTED = 50


def first_managers(rows: list[dict], key) -> dict:
    """The first ``MANAGERS_LISTED`` of ``rows`` ordered by ``key``, and how many there are in all:
    ``{"rows": [...], "total": int}``."""
    return {"rows": sorted(rows, key=key)[:MANAGERS_LISTED], "total": len(rows)}
