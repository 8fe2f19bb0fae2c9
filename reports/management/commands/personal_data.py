"""``manage.py personal_data EMPLOYEE_NUMBER FILE``: the AVG data export of one employee, as a zip."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

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
            raise CommandError(
                _("No employee has the number %(number)s. Check the number and try again.")
                % {"number": employee_number}
            ) from None
        target = Path(file)
        if not target.parent.is_dir():
            raise CommandError(
                _("The folder %(folder)s does not exist. Choose an existing folder.")
                % {"folder": target.parent}
            )
        content, _name = personal_data_export(employee=employee, actor=None)
        target.write_bytes(content)
        self.stdout.write(
            _("Wrote the personal data of %(name)s to %(file)s (%(size)s).")
            % {"name": employee.name, "file": target, "size": filesizeformat(len(content))}
        )
