"""``manage.py invite [EMPLOYEE_NUMBER ...] [--new]``: mail imported people a link to choose their password."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications.password_reset import account_invite, invitable_accounts


class Command(BaseCommand):
    help = (
        "Send people an invitation to choose their password (the people import makes accounts without one): "
        "the employees named by number, or with --new everyone who never had a password and never logged in."
    )

    def add_arguments(self, parser):
        parser.add_argument("employee_numbers", nargs="*", help="Employee numbers to invite.")
        parser.add_argument(
            "--new", action="store_true", help="Invite every account that never had a password."
        )

    def handle(self, *args, employee_numbers: list[str], new: bool, **options):
        # A number named twice (or pasted with spaces) is one person, invited once.
        employee_numbers = list(
            dict.fromkeys(number.strip() for number in employee_numbers if number.strip())
        )
        if not settings.PASSWORD_LOGIN:
            raise CommandError(
                _(
                    "PASSWORD_LOGIN is off: people log in through the organisation's account. Nothing was sent."
                )
            )
        if bool(employee_numbers) == new:
            raise CommandError(_("Name employee numbers or give --new, not both and not neither."))
        if new:
            users = list(invitable_accounts())
        else:
            found = {
                user.employee.employee_number: user
                for user in get_user_model()
                .objects.filter(employee__employee_number__in=employee_numbers)
                .select_related("employee")
            }
            unknown = [number for number in employee_numbers if number not in found]
            if unknown:
                raise CommandError(
                    _("No employee has these numbers: %(numbers)s. Nothing was sent.")
                    % {"numbers": ", ".join(unknown)}
                )
            users = [found[number] for number in employee_numbers]
        invited = account_invite(users=users)
        skipped = [user for user in users if user not in invited]
        self.stdout.write(
            ngettext("Invited %(count)s person.", "Invited %(count)s people.", len(invited))
            % {"count": len(invited)}
        )
        for user in skipped:
            name = user.employee.name if hasattr(user, "employee") else user.get_username()
            if user.is_active and user.has_usable_password():
                message = _(
                    "  not invited: %(name)s has a password already (“Forgot your password?” on the login page "
                    "sends a new link)"
                )
            else:
                message = _(
                    "  not invited: %(name)s (no e-mail address, or the account or the employee is not active)"
                )
            self.stdout.write(message % {"name": name})
