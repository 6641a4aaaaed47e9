"""Locust load for bench/enrollment: registrars creating and enrolling new students.

Each simulated registrar posts ``POST /api/v1/students`` (student + enrollment + audit
rows) with a unique child and an Idempotency-Key, as the counter page would.
Reads BENCH_TOKEN, BENCH_SCHOOL and BENCH_GRADE from the environment.
"""

from __future__ import annotations

import itertools
import os
import uuid

from locust import HttpUser, constant, task

COUNTER = itertools.count()
GIVEN = ["Seán", "Nguyễn Thị", "李小龍", "María José", "D'Andre", "Zoë", "Madonna", "Ōta"]
FAMILY = ["O'Brien", "Trần", "García-López", "", "Ochoa", "van der Berg", "Kowalczyk"]


class Registrar(HttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Bearer {os.environ['BENCH_TOKEN']}"
        self.tag = uuid.uuid4().hex[:6]

    @task
    def enroll_new_student(self) -> None:
        n = next(COUNTER)
        body = {
            "given_name": f"{GIVEN[n % len(GIVEN)]} {self.tag}{n}",
            "family_name": FAMILY[n % len(FAMILY)],
            "birth_date": f"{2008 + n % 10}-{1 + n % 12:02d}-{1 + n % 28:02d}",
            "school": os.environ["BENCH_SCHOOL"],
            "grade_level": os.environ["BENCH_GRADE"],
        }
        self.client.post(
            "/api/v1/students",
            json=body,
            headers={"Idempotency-Key": f"{self.tag}-{n}"},
            name="POST /api/v1/students",
        )
