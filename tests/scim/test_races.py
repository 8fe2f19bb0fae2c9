"""Provisioning racing itself and the people import on real PostgreSQL (threads, each its own connection):
no change is lost and no check is passed on a state another writer is changing (a manager loop)."""

import threading

import pytest
from django.db import connections
from django.test import Client

from core.tabular import write_csv
from people.importers import apply
from people.models import Employee
from tests.scim.conftest import ENTERPRISE, Scim, entra_user, patch

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def in_threads(*jobs):
    errors = []

    def run(job):
        try:
            job()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors


def test_patches_of_one_user_at_once_all_hold(postgresql, provisioning_client, org_tree):
    scim = Scim(Client(), provisioning_client.token)
    user_id = scim("post", "Users", entra_user("1001")).body["id"]
    changes = {
        "displayName": "Anna de Vries",
        "externalId": "entra-42",
        "name.givenName": "Anna",
        "name.familyName": "de Vries",
    }
    barrier = threading.Barrier(len(changes))
    answers = []

    def patcher(path, value):
        def job():
            own = Scim(Client(), provisioning_client.token)
            barrier.wait(timeout=30)
            answers.append(
                own("patch", f"Users/{user_id}", patch({"op": "replace", "path": path, "value": value}))
            )

        return job

    in_threads(*(patcher(path, value) for path, value in changes.items()))

    assert [answer.status_code for answer in answers] == [200] * len(changes)
    user = scim("get", f"Users/{user_id}").body
    assert user["displayName"] == "Anna de Vries"
    assert user["externalId"] == "entra-42"
    assert user["name"] == {"givenName": "Anna", "familyName": "de Vries"}


def test_a_patch_during_an_import_cannot_close_a_manager_loop(
    postgresql, provisioning_client, org_tree, monkeypatch
):
    """The import has checked its file (1002 becomes 1001's manager) when SCIM makes 1002 report to 1001:
    one of the two must see the other's change and refuse, never both pass."""
    scim = Scim(Client(), provisioning_client.token)
    first = scim("post", "Users", entra_user("1001")).body["id"]
    second = scim("post", "Users", entra_user("1002")).body["id"]
    checked, scim_done = threading.Event(), threading.Event()
    answers = []
    real_check = apply.check_rows

    def check_then_let_scim_in(*args, **kwargs):
        issues = real_check(*args, **kwargs)
        checked.set()
        scim_done.wait(timeout=3)  # SCIM runs now, unless it has to wait for the import
        return issues

    monkeypatch.setattr(apply, "check_rows", check_then_let_scim_in)
    header = ["Personeelsnummer", "Naam", "E-mailadres", "Organisatie-eenheid", "Leidinggevende"]
    unit = "Gemeente Voorbeeld / Dienstverlening / Burgerzaken"
    rows = [["1001", "Medewerker 1001", "mail1001@voorbeeld.nl", unit, "1002"]]

    def run_import():
        report = apply.import_people(content=write_csv(header, rows), filename="m.csv")
        answers.append(("import", report.ok, report.errors))

    def run_patch():
        checked.wait(timeout=30)
        operation = {"op": "replace", "path": f"{ENTERPRISE}:manager", "value": first}
        answers.append(
            (
                "scim",
                Scim(Client(), provisioning_client.token)(
                    "patch", f"Users/{second}", patch(operation)
                ).status_code,
            )
        )
        scim_done.set()

    in_threads(run_import, run_patch)

    managers = dict(Employee.objects.values_list("employee_number", "manager__employee_number"))
    assert not (managers["1001"] == "1002" and managers["1002"] == "1001"), answers
