"""Who is HR for which units: granted and revoked only here, audited."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from people.models import HR_GROUP_NAME, HRScope, OrgUnit, PeopleEvent


@transaction.atomic
def hr_grant(*, user: AbstractBaseUser, org_units: Iterable[OrgUnit], actor: AbstractBaseUser | None) -> None:
    """Make ``user`` HR for these units (and everything below them). Audited: one ``PeopleEvent``
    (``HR_SCOPE_GRANTED``) per unit newly granted, with ``actor`` (None: the system, a command or
    the demo); a unit already held is not granted again. Raises nothing of its own."""
    group, _created = Group.objects.get_or_create(name=HR_GROUP_NAME)
    user.groups.add(group)
    for org_unit in org_units:
        _scope, created = HRScope.objects.get_or_create(user=user, org_unit=org_unit)
        if created:
            PeopleEvent.record(
                actor=actor, kind=PeopleEvent.Kind.HR_SCOPE_GRANTED, user=user, org_unit=org_unit
            )
    forget_hr_scope(user)


@transaction.atomic
def hr_revoke(
    *, user: AbstractBaseUser, org_units: Iterable[OrgUnit] | None = None, actor: AbstractBaseUser | None
) -> None:
    """End ``user``'s HR scope for these units (None: all of them). Audited: one ``PeopleEvent``
    (``HR_SCOPE_REVOKED``) per unit revoked, with ``actor``; a unit not held (or revoked by someone else
    at the same moment) is ignored. With no scope left the user is no longer HR, and leaves the "HR" group
    that gives the admin's permissions. Raises nothing of its own."""
    scopes = HRScope.objects.filter(user=user).select_related("org_unit")
    if org_units is not None:
        scopes = scopes.filter(org_unit__in=[unit.pk for unit in org_units])
    for scope in list(scopes.order_by("org_unit__name", "pk")):
        deleted, _by_model = HRScope.objects.filter(pk=scope.pk).delete()
        if not deleted:  # revoked by someone else at the same moment: audited by them, once
            continue
        PeopleEvent.record(
            actor=actor, kind=PeopleEvent.Kind.HR_SCOPE_REVOKED, user=user, org_unit=scope.org_unit
        )
    if not HRScope.objects.filter(user=user).exists():
        user.groups.remove(*Group.objects.filter(name=HR_GROUP_NAME))
    forget_hr_scope(user)


@transaction.atomic
def hr_scope_set(
    *, user: AbstractBaseUser, org_units: Iterable[OrgUnit], actor: AbstractBaseUser | None
) -> bool:
    """Make ``user``'s HR scope exactly ``org_units`` (empty: no longer HR): the units added granted, the
    units left out revoked, through ``hr_grant``/``hr_revoke`` (audited per unit). Returns whether it
    changed. The people import's HR column and ``PUT /api/v1/employees/{id}/hr-scope/`` use this.

    Raises ``PermissionDenied`` (403) when ``actor`` is ``user`` (another HR adviser changes one's own
    scope), and ``ValidationError`` (400, on ``org_units``) for someone who has left, who cannot be HR.
    """
    wanted = {unit.pk: unit for unit in org_units}
    held = set(HRScope.objects.filter(user=user).values_list("org_unit_id", flat=True))
    if set(wanted) == held:
        return False
    if actor is not None and actor.pk == user.pk:
        raise PermissionDenied(_("You cannot change your own HR scope; another HR adviser must do it."))
    if wanted and not user.is_active:
        raise ValidationError({"org_units": _("Someone who has left cannot be HR.")}, code="left")
    if set(wanted) - held:
        hr_grant(user=user, org_units=[wanted[pk] for pk in set(wanted) - held], actor=actor)
    if held - set(wanted):
        hr_revoke(user=user, org_units=OrgUnit.objects.filter(pk__in=held - set(wanted)), actor=actor)
    return True


def forget_hr_scope(user: AbstractBaseUser) -> None:
    """Drop what the selectors and rules remember about the user's HR units (their scope changed)."""
    for remembered in ("_is_hr", "_hr_unit_ids", "_hr_sees_whole_organisation"):
        if hasattr(user, remembered):
            delattr(user, remembered)
