"""Signing in through the organisation's identity provider (OpenID Connect, SAML): who the asserted
identity is. One rule for every provider and protocol: a person is matched to the account the people
import (or SCIM provisioning) already made, and **no one is created by signing in**.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from people.models import Employee

#: What an identity provider's claim or attribute can be matched on (``SSO_MATCH_ON`` per provider).
MATCH_FIELDS = ("email", "employee_number", "username")


class SignInRefusedError(Exception):
    """The asserted identity may not sign in. ``reason`` is one of ``REASONS``; the login pages show
    ``message`` (Dutch first) on the refusal page (HTTP 403), never which accounts exist beyond that."""

    REASONS = {
        "unknown": _(
            "There is no account for you in the performance cycle yet. Ask HR to add you, "
            "or your manager to ask HR."
        ),
        "left": _(
            "Your account has been switched off because you no longer work here. Ask HR if this is wrong."
        ),
        "unverified": _(
            "Your organisation's login has not confirmed your e-mail address. Confirm it there first, "
            "or ask the IT department."
        ),
        "no_identifier": _(
            "Your organisation's login did not tell us who you are. Ask the IT department to send the "
            "agreed attribute."
        ),
    }

    def __init__(self, reason: str):
        if reason not in self.REASONS:
            raise ValueError(reason)
        self.reason = reason
        super().__init__(reason)

    @property
    def message(self) -> str:
        return str(self.REASONS[self.reason])


@dataclass(frozen=True)
class Identity:
    """What the provider asserted: ``match_on`` (one of ``MATCH_FIELDS``) and its ``value``."""

    match_on: str
    value: str


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def same_ignoring_ascii_case(stored: str, asserted: str) -> bool:
    """Whether two identifiers are the same but for the case of the letters A–Z. Nothing else folds: the
    database's case-insensitive match also folds lookalikes (PostgreSQL upper-cases ``ſ`` to ``S``), so an
    address someone may choose at a provider (``joſ@…``) would open another's account (``jos@…``)."""
    return stored.translate(_ASCII_LOWER) == asserted.translate(_ASCII_LOWER)


def account_for_identity(identity: Identity) -> AbstractBaseUser:
    """The account that ``identity`` signs in as.

    Matching: ``email`` on the employee's e-mail address (unique among employees), ``username`` on the
    account's user name, both ignoring the case of A–Z only (``same_ignoring_ascii_case``: no lookalike
    matches); ``employee_number`` exactly (surrounding spaces ignored). Raises ``SignInRefusedError`` (the refusal page, 403): ``no_identifier`` when the
    value is empty, ``unknown`` when no account matches (nothing is created), ``left`` when the account
    is switched off or its employee has left (the same rule as ``people.backends``). ``ValueError`` for
    a ``match_on`` outside ``MATCH_FIELDS`` (a configuration error, found at startup by the callers).
    """
    if identity.match_on not in MATCH_FIELDS:
        raise ValueError(f"match_on must be one of {MATCH_FIELDS}, not {identity.match_on!r}")
    value = (identity.value or "").strip()
    if not value:
        raise SignInRefusedError("no_identifier")
    users = get_user_model()._default_manager.select_related("employee")
    if identity.match_on == "email":
        employees = Employee.objects.select_related("user").filter(email__iexact=value)
        employee = next((e for e in employees if same_ignoring_ascii_case(e.email, value)), None)
        user = employee.user if employee else None
    elif identity.match_on == "employee_number":
        employee = Employee.objects.select_related("user").filter(employee_number=value).first()
        user = employee.user if employee else None
    else:
        candidates = users.filter(username__iexact=value)
        user = next((u for u in candidates if same_ignoring_ascii_case(u.get_username(), value)), None)
    if user is None:
        raise SignInRefusedError("unknown")
    employee = getattr(user, "employee", None)
    if not user.is_active or (employee is not None and not employee.active):
        raise SignInRefusedError("left")
    return user


def sign_in_refused_response(request, error: SignInRefusedError):
    """The page every single sign-on refusal shows (HTTP 403): why, in the user's language, and whom
    to ask, with a link back to the login page. The OIDC and SAML logins both answer with this."""
    return render(request, "registration/sign_in_refused.html", {"message": error.message}, status=403)
