"""The SCIM request budget holds across processes (several web workers, several nodes): it is counted in
Redis, the cache every process shares. Two real Python processes spend one client's budget together."""

import datetime
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.integration

REPO_ROOT = Path(__file__).resolve().parents[2]
SPEND = """
import django, sys
django.setup()
from django.conf import settings
from people.scim.auth import over_budget
from people.scim.models import ProvisioningClient
settings.SCIM_RATE_LIMIT_PER_MINUTE = 10
client = ProvisioningClient(pk=int(sys.argv[1]), token_hash=sys.argv[2])
print(sum(over_budget(client) for _ in range(10)))
"""


def test_two_processes_share_one_budget():
    if "redis" not in settings.CACHES["default"]["BACKEND"].lower():
        pytest.skip("needs Redis: set REDIS_URL")
    token_hash = uuid.uuid4().hex  # a budget of this test only
    while datetime.datetime.now().second > 45:  # the budget is per clock minute: not across its turn
        time.sleep(1)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", SPEND, "987654", token_hash],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    refused = [int(process.communicate(timeout=120)[0].strip().splitlines()[-1]) for process in processes]

    # 20 requests against a budget of 10 a minute: 10 refused in all (each process alone would refuse none).
    assert sum(refused) == 10, refused
