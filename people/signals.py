"""What people announces about employees; reviewcycle listens (running reviews follow).

Sent inside the transaction that makes the change."""

from django.dispatch import Signal

# employee, old_manager, new_manager, actor
employee_manager_changed = Signal()
# employee, actor
employee_role_changed = Signal()
# employee, actor (the end date has passed)
employee_left = Signal()
# employees (new Employee rows, each with its account), actor: people added by the import or by hand
employees_provisioned = Signal()
# employee, actor: the start date or the end of the contract changed (the import, SCIM provisioning, the admin)
employee_contract_dates_changed = Signal()
