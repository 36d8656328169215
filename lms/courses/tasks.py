"""Celery tasks of lms.courses: thin wrappers that load by id and call a service."""

from celery import shared_task

from lms.courses import services


@shared_task(name="lms.courses.sync_category_plans", queue="default", time_limit=30 * 60)
def sync_category_plans(category_ids, year):
    services.plans_sync_for_categories(category_ids=category_ids, year=year)
