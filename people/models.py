from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import AppendOnlyModel, require_kind
from core.models import LeasedJob, TimeStampedModel, check_constraint, unique_constraint
from core.text import validate_single_line

HR_GROUP_NAME = "HR"


class OrgUnit(TimeStampedModel):
    """One node of the organisation tree: organisation → directorate → department → team."""

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation")
        DIRECTORATE = "directorate", _("Directorate")
        DEPARTMENT = "department", _("Department")
        TEAM = "team", _("Team")

    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        ordering = ["name"]
        constraints = [
            unique_constraint(
                fields=["parent", "name"],
                name="orgunit_unique_name_per_parent",
                message=_("This unit already has a part with this name."),
            ),
            unique_constraint(
                fields=["name"],
                condition=Q(parent__isnull=True),
                name="orgunit_unique_root_name",
                message=_("There already is an organisation with this name."),
            ),
            check_constraint(
                condition=Q(parent__isnull=True) | ~Q(parent=F("id")),
                name="orgunit_not_own_parent",
                message=_("A unit cannot be part of itself."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from people.services import validate_org_unit_parent

        validate_org_unit_parent(org_unit=self, parent=self.parent)


class Employee(TimeStampedModel):
    class Language(models.TextChoices):
        DUTCH = "nl", "Nederlands"
        ENGLISH = "en", "English"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.PROTECT,
        related_name="employee",
    )
    employee_number = models.CharField(
        _("employee number"), max_length=32, unique=True, validators=[validate_single_line]
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    email = models.EmailField(_("email"), blank=True, validators=[validate_single_line])
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("organisation unit"), on_delete=models.PROTECT, related_name="employees"
    )
    manager = models.ForeignKey(
        "self",
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    # The end of a temporary contract (not the day someone leaves: that is ``end_date``); the probation
    # regeling's evaluation is due a term before it (``reviewcycle.services.individual``).
    contract_end_date = models.DateField(
        _("contract ends"),
        null=True,
        blank=True,
        help_text=_("The end of a temporary contract; empty for a permanent contract."),
    )
    active = models.BooleanField(_("active"), default=True, db_index=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=Language.choices, default=Language.DUTCH
    )
    # What fixes the expected competency levels: a role-type cell, or a job profile with a level.
    role_type = models.ForeignKey(
        "frameworks.RoleType",
        verbose_name=_("role-type cell"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    job_profile = models.ForeignKey(
        "frameworks.JobProfile",
        verbose_name=_("job profile"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    job_profile_level = models.PositiveSmallIntegerField(_("profile level"), null=True, blank=True)

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["name"]
        # Lists of reviews are sorted by the employee's name: with this index the database walks the
        # names in order and stops after a page instead of sorting every review of a large cycle.
        indexes = [models.Index(fields=["name", "id"], name="employee_name_id")]
        constraints = [
            check_constraint(
                condition=Q(manager__isnull=True) | ~Q(manager=F("id")),
                name="employee_not_own_manager",
                message=_("An employee cannot be their own manager."),
            ),
            check_constraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="employee_end_after_start",
                message=_("The end date cannot be before the start date."),
            ),
            unique_constraint(
                fields=["email"],
                condition=~Q(email=""),
                name="employee_unique_email",
                message=_("Another employee already has this e-mail address."),
            ),
            check_constraint(
                condition=Q(role_type__isnull=True) | Q(job_profile__isnull=True),
                name="employee_cell_or_profile",
                message=_("Choose a role-type cell or a job profile, not both."),
            ),
            check_constraint(
                condition=Q(job_profile__isnull=False) | Q(job_profile_level__isnull=True),
                name="employee_profile_level_needs_profile",
                message=_("A job profile level needs a job profile."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.employee_number})"

    def clean(self) -> None:
        from people.services import validate_manager

        validate_manager(employee=self, manager=self.manager)
        if self.role_type_id and self.job_profile_id:
            raise ValidationError(_("Give either a role-type cell or a job profile, not both."))
        if self.job_profile_level and not self.job_profile_id:
            raise ValidationError({"job_profile_level": _("A profile level needs a job profile.")})
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date lies before the start date.")})
        if self.start_date and self.contract_end_date and self.contract_end_date < self.start_date:
            raise ValidationError(
                {"contract_end_date": _("The end of the contract lies before the start date.")}
            )


class HRScope(TimeStampedModel):
    """The organisation units (with everything below them) an HR user works for."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hr_scopes")
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="hr_scopes")

    class Meta:
        verbose_name = _("HR scope")
        verbose_name_plural = _("HR scopes")
        constraints = [
            unique_constraint(
                fields=["user", "org_unit"],
                name="hrscope_unique",
                message=_("This person already works as HR for this unit."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.org_unit}"


class PeopleEventKind(models.TextChoices):
    """What happened to people's access, labelled in the past tense."""

    HR_SCOPE_GRANTED = "grant_hr_scope", _("HR scope granted")
    HR_SCOPE_REVOKED = "revoke_hr_scope", _("HR scope revoked")
    # Provisioning over SCIM (``people.scim``); the event's ``client`` says which identity platform.
    EMPLOYEE_PROVISIONED = "provision_employee", _("Employee provisioned")
    EMPLOYEE_UPDATED = "update_employee", _("Employee details updated by provisioning")
    EMPLOYEE_DEPROVISIONED = "deprovision_employee", _("Employee deprovisioned")


class PeopleEvent(AppendOnlyModel):
    """The audit trail of who may do what: who made whom HR for which unit, when (see ``core.audit``)."""

    Kind = PeopleEventKind

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: done by the system."),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    payload = models.JSONField(default=dict, blank=True)
    client = models.ForeignKey(
        "people.ProvisioningClient",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The provisioning client that made the change (SCIM), if any."),
    )

    class Meta:
        verbose_name = _("people event")
        verbose_name_plural = _("people events")
        ordering = ["created_at", "id"]
        constraints = [
            check_constraint(
                condition=Q(kind__in=PeopleEventKind.values),
                name="peopleevent_known_kind",
                message=_("This is not a known kind of event in the organisation."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.user_id}"

    @property
    def label(self) -> str:
        """What happened, in the past tense and the active language."""
        return str(self.Kind(self.kind).label)

    @classmethod
    def record(
        cls,
        *,
        actor,
        kind: PeopleEventKind,
        user,
        org_unit: OrgUnit | None = None,
        payload: dict | None = None,
        client=None,
    ) -> "PeopleEvent":
        """Add one event of ``kind`` (a ``PeopleEvent.Kind``; ``ValueError`` for anything else) about
        ``user`` (and ``org_unit``) by ``actor`` (a User, or None for the system: a command, the demo),
        through ``client`` (a ``ProvisioningClient``) when an identity platform made the change."""
        return cls.objects.create(
            actor=actor,
            kind=require_kind(cls.Kind, kind),
            user=user,
            org_unit=org_unit,
            payload=payload or {},
            client=client,
        )


class PeopleImport(LeasedJob, TimeStampedModel):
    """An uploaded HR export, imported by a Celery task; the task's heartbeat writes its progress here."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        REJECTED = "rejected", _("Rejected: errors in the file")
        FAILED = "failed", _("Failed")

    class Stage(models.TextChoices):
        """How far a running import is (``people.importers.import_people`` reports each)."""

        VALIDATED = "validated", _("Rows checked")
        CREATED = "created", _("New employees added")
        UPDATED = "updated", _("Employees updated")
        MANAGERS = "managers", _("Managers linked")
        DONE = "done", _("Finishing")

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(_("file"), max_length=255)
    # In the database, not on disk: the worker may run on another machine than the web process.
    content = models.BinaryField(_("content"))
    dry_run = models.BooleanField(_("dry run"), default=False)
    deactivate_missing = models.BooleanField(_("deactivate employees missing from the file"), default=False)
    framework = models.CharField(
        _("framework code"), max_length=80, blank=True, validators=[validate_single_line]
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    task_id = models.CharField(max_length=64, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, blank=True)
    done = models.PositiveIntegerField(_("rows done"), default=0)
    total = models.PositiveIntegerField(_("rows in all"), default=0)

    OPEN_STATUSES = (Status.PENDING, Status.RUNNING)

    class Meta:
        verbose_name = _("people import")
        verbose_name_plural = _("people imports")
        ordering = ["-created_at"]
        constraints = [
            # One import at a time for the organisation: one waiting or running row at most.
            unique_constraint(
                models.Value(1),
                condition=models.Q(status__in=["pending", "running"]),
                name="people_import_one_at_a_time",
                message=_("Another import is still running; wait until it has finished."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @classmethod
    def failed_fields(cls, reason: str) -> dict:
        return {
            "status": cls.Status.FAILED,
            "report": {"file_error": reason, "errors": []},
            "finished_at": timezone.now(),
        }

    def requeue(self) -> None:
        from people.tasks import run_people_import_task

        run_people_import_task.apply_async(args=[self.pk], task_id=self.task_id or None)


# Registered with the people app: SCIM provisioning's clients and identities (``people.scim.models``).
from people.scim.models import ProvisioningClient, ScimIdentity  # noqa: E402

__all__ = [
    "HR_GROUP_NAME",
    "Employee",
    "HRScope",
    "OrgUnit",
    "PeopleEvent",
    "PeopleEventKind",
    "PeopleImport",
    "ProvisioningClient",
    "ScimIdentity",
]
