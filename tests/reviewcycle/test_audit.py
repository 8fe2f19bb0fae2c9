import pytest
from django.core.exceptions import PermissionDenied

from reviewcycle.models import ReviewEvent

pytestmark = pytest.mark.django_db


def test_the_orm_refuses_to_change_or_delete_audit_rows(review):
    event = ReviewEvent.objects.filter(review=review).first()
    event.transition = "forged"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    with pytest.raises(PermissionDenied):
        ReviewEvent.objects.filter(pk=event.pk).update(transition="forged")
    with pytest.raises(PermissionDenied):
        ReviewEvent.objects.filter(pk=event.pk).delete()
    assert ReviewEvent.objects.get(pk=event.pk).transition == "open"
