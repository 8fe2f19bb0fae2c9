"""Reads of the reports app. The review forms are built in ``reviewcycle.record``; reports only renders them."""


def exports_visible_to(*, user):
    """Bulk PDF exports are seen by who asked for them."""
    from reports.models import ReviewFormExport

    return ReviewFormExport.objects.filter(requested_by=user)
