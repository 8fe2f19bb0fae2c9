import pytest

from config.celery_app import ping
from tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_task_through_redis_runs_on_a_real_worker_with_the_same_database(celery_worker_process):
    OrgUnitFactory.create_batch(3)
    result = ping.delay()
    value = result.get(timeout=30)
    assert value["pong"] is True
    # The worker is a separate process: it sees the rows this test committed.
    assert value["org_units"] == 3
    assert result.successful()
    assert result.backend.__class__.__name__ == "RedisBackend"
