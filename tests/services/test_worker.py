"""Services lane: tasks go through Redis to a real worker and their results land in PostgreSQL."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from config.celery import app as celery_app
from lms.core import services
from lms.core.models import TraineeImport
from tests.lms.core.factories import CategoryFactory, UserFactory, WorkUnitFactory
from tests.services.conftest import wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

CSV = (
    b"username,full name,work unit,category\n"
    b"svc01,Worker One,svc-unit,svc-cat\n"
    b"svc02,Worker Two,svc-unit,svc-cat\n"
)


def _setup():
    WorkUnitFactory(code="svc-unit")
    CategoryFactory(slug="svc-cat")
    return UserFactory(username="svc-curator", roles=("curator",))


def test_import_task_runs_in_a_real_worker(celery_worker_process):
    _process, log_path = celery_worker_process
    assert connection.vendor == "postgresql"
    assert celery_app.conf.broker_url.startswith("redis://")
    assert not celery_app.conf.task_always_eager
    curator = _setup()

    record = services.trainee_import_create(uploaded_by=curator, file_name="svc.csv", content=CSV)

    def finished():
        record.refresh_from_db()
        return record.is_finished

    wait_for(finished, log_path=log_path)
    assert record.status == TraineeImport.Status.DONE, record.errors
    assert record.created_count == 2
    assert get_user_model().objects.filter(username__in=["svc01", "svc02"]).count() == 2
    assert "run_trainee_import[" in log_path.read_text()  # it really ran in the worker


def test_concurrent_runs_of_one_import_apply_it_once(services_lane):
    """Two workers handed the same import (a redelivery): one applies it, the other sees it done."""
    curator = _setup()
    record = TraineeImport.objects.create(created_by=curator, file_name="svc.csv", source=CSV)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(services.trainee_import_run(import_id=record.pk))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    record.refresh_from_db()
    assert record.status == TraineeImport.Status.DONE
    assert record.created_count == 2
    assert get_user_model().objects.filter(username__startswith="svc0").count() == 2
