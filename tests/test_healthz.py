import pytest

pytestmark = pytest.mark.django_db


def test_healthz_reports_each_check_by_name_and_matches_status_to_failures(client):
    response = client.get("/healthz")
    body = response.json()
    assert set(body["checks"]) == {"database", "broker", "worker"}
    assert body["checks"]["database"] == {"ok": True}
    assert body["down"] == [name for name, check in body["checks"].items() if not check["ok"]]
    assert response.status_code == (200 if not body["down"] else 503)
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_only_answers_get(client):
    assert client.post("/healthz").status_code == 405


def test_a_web_node_is_ready_with_the_database_and_broker_whatever_the_workers(client):
    body = client.get("/healthz/ready").json()
    assert set(body["checks"]) == {"database", "broker"}


def test_liveness_asks_nothing_of_the_dependencies(client, monkeypatch):
    from core import health

    def down():
        raise ConnectionError("database away")

    monkeypatch.setitem(health.CHECKS, "database", down)
    assert client.get("/healthz/live").status_code == 200
    assert client.get("/healthz/ready").status_code == 503
    assert client.get("/healthz/ready").json()["down"] == ["database"]
