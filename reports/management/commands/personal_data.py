"""``manage.py personal_data EMPLOYEE_NUMBER FILE``: the AVG data export of one employee, as a zip."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from people.models import Employee
from reports.privacy import personal_data_export


class Command(BaseCommand):
    help = "Write everything stored about one employee (JSON and the PDF of each review) to a zip file."

    def add_arguments(self, parser):
        parser.add_argument("employee_number")
        parser.add_argument("file", help="Where to write the zip.")

    def handle(self, *args, employee_number: str, file: str, **options):
        try:
            employee = Employee.objects.select_related("user", "org_unit").get(
                employee_number=employee_number
            )
        except Employee.DoesNotExist:
            raise CommandError(f"No employee with number {employee_number!r}.") from None
        target = Path(file)
        if not target.parent.is_dir():
            raise CommandError(f"The folder {target.parent} does not exist.")
        content, _name = personal_data_export(employee=employee, actor=None)
        target.write_bytes(content)
        self.stdout.write(f"Wrote the personal data of {employee.name} to {target} ({len(content)} bytes).")
