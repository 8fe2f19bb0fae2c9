"""Load on the review list and detail APIs, as managers and HR use them (run by benchmarks/load.py)."""

import json
import os
import random

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["LOAD_PLAN"]).read())  # noqa: SIM115 - read once at start


class Caller(HttpUser):
    # People read a page before the next click: 20 users at 0.5-1.5 s think time, about 20 requests/s.
    wait_time = between(0.5, 1.5)

    def on_start(self):
        self.manager = random.choice(PLAN["managers"])
        self.headers = {"Authorization": f"Token {self.manager['token']}", "Accept-Language": "nl"}
        self.hr = {"Authorization": f"Token {PLAN['hr_token']}", "Accept-Language": "nl"}

    @task(4)
    def my_team(self):
        self.client.get("/api/v1/reviews/?role=manager", headers=self.headers, name="list (manager)")

    @task(4)
    def one_of_my_reviews(self):
        review = random.choice(self.manager["reviews"])
        self.client.get(f"/api/v1/reviews/{review}/", headers=self.headers, name="detail (manager)")

    @task(1 if os.environ.get("LOAD_HR_LIST", "1") == "1" else 0)
    def hr_list(self):
        page = random.randint(1, 50)
        self.client.get(
            f"/api/v1/reviews/?cycle={PLAN['cycle']}&page={page}", headers=self.hr, name="list (HR, 100k)"
        )

    @task(1)
    def hr_detail(self):
        review = random.choice(PLAN["sample"])
        self.client.get(f"/api/v1/reviews/{review}/", headers=self.hr, name="detail (HR)")
