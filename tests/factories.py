import factory
from django.contrib.auth import get_user_model

from people.models import Employee, OrgUnit


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("demo-wachtwoord")


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"Afdeling {n}")
    kind = OrgUnit.Kind.DEPARTMENT
    parent = None


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    employee_number = factory.Sequence(lambda n: f"E{n:05d}")
    user = factory.SubFactory(UserFactory, username=factory.SelfAttribute("..employee_number"))
    name = factory.Faker("name", locale="nl_NL")
    email = factory.LazyAttribute(lambda employee: f"{employee.employee_number.lower()}@example.org")
    org_unit = factory.SubFactory(OrgUnitFactory)
    manager = None
    preferred_language = "en"  # tests read English; Dutch is tested explicitly
