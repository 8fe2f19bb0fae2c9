"""Writes to the organisation, one module per responsibility. Import from here.

- ``org``: units, employees and managers, with the graph invariants;
- ``imports``: the people import as a background job;
- ``access``: who is HR for which units (granted and revoked, audited);
- ``leaving``: what happens when someone leaves.
"""

from people.services.access import forget_hr_scope, hr_grant, hr_revoke, hr_scope_set
from people.services.imports import people_import_run, people_import_start
from people.services.leaving import employee_leave, employees_leave, employees_leave_due
from people.services.org import (
    employee_create,
    employee_set_manager,
    org_unit_create,
    org_unit_move,
    validate_manager,
    validate_org_unit_parent,
)

__all__ = [
    "employee_create",
    "employee_leave",
    "employee_set_manager",
    "employees_leave",
    "employees_leave_due",
    "forget_hr_scope",
    "hr_grant",
    "hr_revoke",
    "hr_scope_set",
    "org_unit_create",
    "org_unit_move",
    "people_import_run",
    "people_import_start",
    "validate_manager",
    "validate_org_unit_parent",
]
