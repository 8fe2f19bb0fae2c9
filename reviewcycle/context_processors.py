from django.db.models import Exists, OuterRef

from people.models import Employee
from people.selectors import is_hr


def roles(request):
    """Which sections the header links to: one query for the manager and second-reviewer roles, one for HR."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from reviewcycle.models import Review
    from reviewcycle.rules import can_edit_regelingen

    flags = Employee.objects.filter(user=user).annotate(
        manages=Exists(Review.objects.filter(manager=OuterRef("pk"))),
        second=Exists(Review.objects.filter(second_reviewer=OuterRef("pk"))),
    ).values("manages", "second").first() or {"manages": False, "second": False}
    return {
        "nav_manager": flags["manages"],
        "nav_second_reviewer": flags["second"],
        "nav_hr": is_hr(user=user),
        # Asked only where the header shows HR's links (a callable: the template calls it there).
        "nav_regelingen": lambda: can_edit_regelingen(user),
    }
