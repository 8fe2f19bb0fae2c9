from reviewcycle.models import Review, ReviewAccess


def review_log_access(*, review: Review, user, via: str) -> ReviewAccess | None:
    """Log a read of a final appraisal by anyone but the employee (it is part of the personnel file)."""
    if review.state != Review.State.FINAL or review.employee.user_id == user.pk:
        return None
    return ReviewAccess.objects.create(review=review, user=user, via=via)
