"""Who may provision (a client with a hashed bearer token) and what SCIM knows of an employee beyond the
personnel record: the identity provider's ``userName``, ``externalId`` and name parts.

Imported by ``people.models`` so Django registers them in the people app."""

import hashlib
import secrets

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel, unique_constraint
from core.text import validate_single_line

TOKEN_PREFIX = "gcscim_"


def hash_token(token: str) -> str:
    """The stored form of a bearer token: SHA-256 (a token is 256 random bits: no salt or slow hash needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


class ProvisioningClient(TimeStampedModel):
    """An identity platform that provisions people over SCIM (Entra ID, Keycloak …), with its own token."""

    name = models.CharField(_("name"), max_length=100, unique=True, validators=[validate_single_line])
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    active = models.BooleanField(_("active"), default=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("provisioning client")
        verbose_name_plural = _("provisioning clients")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def set_new_token(self) -> str:
        """Give the client a new random token and return it: shown once, only its hash is kept."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        return token

    @classmethod
    def for_token(cls, token: str) -> "ProvisioningClient | None":
        """The active client whose token this is, or None (compared by hash: no timing on the secret)."""
        if not token:
            return None
        return cls.objects.filter(token_hash=hash_token(token), active=True).first()


class ScimIdentity(TimeStampedModel):
    """What the identity provider calls an employee; ``deleted_at``: the provider deleted the user (they left,
    and SCIM no longer shows them: the personnel record stays)."""

    employee = models.OneToOneField(
        "people.Employee", on_delete=models.PROTECT, related_name="scim_identity", verbose_name=_("employee")
    )
    client = models.ForeignKey(
        ProvisioningClient,
        on_delete=models.PROTECT,
        related_name="identities",
        verbose_name=_("provisioning client"),
    )
    user_name = models.CharField(_("user name"), max_length=254, validators=[validate_single_line])
    external_id = models.CharField(
        _("external id"), max_length=254, blank=True, validators=[validate_single_line]
    )
    given_name = models.CharField(
        _("given name"), max_length=200, blank=True, validators=[validate_single_line]
    )
    family_name = models.CharField(
        _("family name"), max_length=200, blank=True, validators=[validate_single_line]
    )
    deleted_at = models.DateTimeField(_("deleted in the identity provider"), null=True, blank=True)

    class Meta:
        verbose_name = _("SCIM identity")
        verbose_name_plural = _("SCIM identities")
        constraints = [
            # RFC 7643 §4.1.1: userName is unique and not case-sensitive.
            unique_constraint(
                Lower("user_name"),
                condition=models.Q(deleted_at__isnull=True),
                name="scimidentity_unique_user_name",
                message=_("Another employee already has this user name."),
            )
        ]

    def __str__(self) -> str:
        return self.user_name

    def mark_deleted(self) -> None:
        self.deleted_at = timezone.now()
