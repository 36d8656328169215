"""Celery tasks of lms.core: thin wrappers that load by id and call a service."""

from celery import shared_task

from lms.core import services


@shared_task(name="lms.core.run_trainee_import", queue="default", time_limit=30 * 60,
             soft_time_limit=28 * 60)
def run_trainee_import(import_id):
    record = services.trainee_import_run(import_id=import_id)
    return record.status if record else None
