"""Celery tasks of lms.quizzes: thin, safe to run twice."""

from celery import shared_task

from lms.quizzes import services


@shared_task(name="lms.quizzes.tasks.close_overdue_attempts", time_limit=300,
             soft_time_limit=240)
def close_overdue_attempts():
    """Close attempts whose time ran out (every minute): submitted at their deadline or not
    counted, as each quiz says. Returns how many were closed."""
    return services.attempts_close_overdue()
