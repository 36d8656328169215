"""Services lane: real concurrent transactions on PostgreSQL racing for the last seat."""

import threading

import pytest
from django.db import connection

from lms.courses import services
from lms.courses.models import Enrolment
from tests.lms.core.factories import CategoryFactory, UserFactory
from tests.lms.courses.factories import make_course, require

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def race(calls):
    """Run the calls in threads released together; return their results and errors."""
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:  # reported by the caller's assertion
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_two_trainees_race_for_the_last_seat(services_lane):
    category = CategoryFactory(slug="race")
    course = require(make_course("RACE-1", capacity=1), category).course
    first, second = (UserFactory(username=f"racer{n}", category=category) for n in range(2))
    for _attempt in range(5):
        Enrolment.objects.all().delete()
        results, errors = race([
            lambda: services.enrolment_request(user=first, course=course),
            lambda: services.enrolment_request(user=second, course=course),
        ])
        assert not errors, errors
        statuses = sorted(e.status for e in results)
        assert statuses == ["enrolled", "waitlisted"]
        assert Enrolment.objects.filter(course=course, status="enrolled").count() == 1


def test_the_same_trainee_double_submitting_gets_one_enrolment(services_lane):
    category = CategoryFactory(slug="double")
    course = require(make_course("RACE-2", capacity=5), category).course
    trainee = UserFactory(username="double", category=category)
    results, errors = race([lambda: services.enrolment_request(user=trainee, course=course)] * 3)
    assert not errors, errors
    assert len({e.pk for e in results}) == 1
    assert Enrolment.objects.filter(course=course).count() == 1


def test_concurrent_withdrawals_promote_each_waiting_trainee_once(services_lane):
    category = CategoryFactory(slug="promo")
    course = require(make_course("RACE-3", capacity=2), category).course
    people = [UserFactory(username=f"p{n}", category=category) for n in range(5)]
    for person in people:
        services.enrolment_request(user=person, course=course)
    _results, errors = race([
        lambda: services.enrolment_withdraw(user=people[0], course=course),
        lambda: services.enrolment_withdraw(user=people[1], course=course),
    ])
    assert not errors, errors
    statuses = dict(Enrolment.objects.filter(course=course)
                    .values_list("user__username", "status"))
    assert statuses == {"p0": "withdrawn", "p1": "withdrawn", "p2": "enrolled",
                        "p3": "enrolled", "p4": "waitlisted"}
