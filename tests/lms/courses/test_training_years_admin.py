"""The training office's "Training years" screens: the list, closing a year, reopening one."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from lms.courses.models import Enrolment, TrainingYear, current_training_year
from lms.courses.selectors import YearSummary, year_summary
from lms.courses.services import training_year_close, year_is_closed
from tests.lms.core.factories import UserFactory
from tests.lms.courses.factories import make_course, require

pytestmark = pytest.mark.django_db

REFUSED = (302, 403)


def enrol(user, course, year, status="enrolled", hours="0"):
    return Enrolment.objects.create(user=user, course=course, year=year, status=status,
                                    source="staff", credited_hours=Decimal(hours))


def admin_user():
    return get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")


def close_url(year):
    return reverse("lms_courses_year_close", args=[year])


def reopen_url(year):
    return reverse("lms_courses_year_reopen", args=[year])


def row_of(response, year):
    return next(row for row in response.context["rows"] if row["year"] == year)


def test_curator_sees_years_with_their_figures(client, curator, trainee, category):
    this_year = current_training_year()
    last_year, next_year = this_year - 1, this_year + 1
    course, other = make_course("TY-1"), make_course("TY-2")
    second = UserFactory(username="second", category=category)
    enrol(trainee, course, last_year, "completed", "4")
    enrol(second, course, last_year, "completed", "2.5")
    enrol(trainee, other, last_year, "withdrawn")
    enrol(second, other, last_year, "waitlisted")
    enrol(trainee, course, this_year, "pending")
    require(other, category, year=next_year)
    training_year_close(year=last_year - 3, by=curator)  # a year with a record only

    client.force_login(curator)
    response = client.get(reverse("lms_courses_years"))
    assert response.status_code == 200
    years = [row["year"] for row in response.context["rows"]]
    assert years == [next_year, this_year, last_year, last_year - 3]
    assert row_of(response, last_year)["summary"] == YearSummary(
        enrolments=4, completed=2, in_progress=1, credited_hours=Decimal("6.5"))
    for year in years:  # the same figures the closing service reports
        assert row_of(response, year)["summary"] == year_summary(year)
    html = response.content.decode()
    assert close_url(last_year) in html and close_url(next_year) in html
    closed = row_of(response, last_year - 3)
    assert closed["closed"] and closed["closed_by"] == "Wang Jing"
    assert "Closed on" in html and "by Wang Jing" in html
    # The curator may close years but not reopen them: no reopen link.
    assert reopen_url(last_year - 3) not in html
    assert close_url(last_year - 3) not in html


@pytest.mark.parametrize("who", ["trainee", "instructor"])
def test_others_are_refused(client, who, request):
    user = request.getfixturevalue(who)
    year = current_training_year()
    client.force_login(user)
    assert client.get(reverse("lms_courses_years")).status_code in REFUSED
    assert client.get(close_url(year)).status_code in REFUSED
    assert client.post(close_url(year)).status_code in REFUSED
    assert not TrainingYear.objects.exists()
    training_year_close(year=year, by=admin_user())
    assert client.get(reopen_url(year)).status_code in REFUSED
    assert client.post(reopen_url(year)).status_code in REFUSED
    assert year_is_closed(year)


def test_close_asks_first_then_closes_and_logs(client, curator, trainee):
    year = current_training_year()
    enrol(trainee, make_course("TY-3"), year, "completed", "3")
    client.force_login(curator)
    page = client.get(close_url(year))
    assert page.status_code == 200
    html = page.content.decode()
    assert "no enrolment, withdrawal, completion or credit" in html
    assert "Only an administrator can reopen" in html
    assert page.context["summary"].completed == 1
    assert not TrainingYear.objects.exists()

    response = client.post(close_url(year), follow=True)
    assert response.redirect_chain[-1][0] == reverse("lms_courses_years")
    assert f"The {year} training year is closed." in response.content.decode()
    record = TrainingYear.objects.get(year=year)
    assert record.is_closed and record.closed_by == curator
    entry = ModelLogEntry.objects.get(action="lms_courses.close_year")
    assert entry.user == curator and entry.object_id == str(record.pk)
    assert row_of(response, year)["closed"]


def test_closing_a_closed_year_changes_nothing(client, curator):
    year = current_training_year() - 1
    record = training_year_close(year=year, by=curator)
    client.force_login(curator)
    for response in (client.get(close_url(year), follow=True),
                     client.post(close_url(year), follow=True)):
        assert "already closed" in response.content.decode()
    assert TrainingYear.objects.get(year=year).closed_at == record.closed_at
    assert ModelLogEntry.objects.filter(action="lms_courses.close_year").count() == 1


def test_curator_cannot_reopen(client, curator):
    year = current_training_year()
    training_year_close(year=year, by=curator)
    client.force_login(curator)
    assert client.get(reopen_url(year)).status_code in REFUSED
    assert client.post(reopen_url(year)).status_code in REFUSED
    assert year_is_closed(year)
    assert not ModelLogEntry.objects.filter(action="lms_courses.reopen_year").exists()


def test_superuser_reopens_and_it_is_logged(client, curator):
    year = current_training_year()
    training_year_close(year=year, by=curator)
    admin = admin_user()
    client.force_login(admin)
    listing = client.get(reverse("lms_courses_years")).content.decode()
    assert reopen_url(year) in listing
    page = client.get(reopen_url(year))
    assert page.status_code == 200 and year_is_closed(year)
    response = client.post(reopen_url(year), follow=True)
    assert f"The {year} training year is open again." in response.content.decode()
    assert not year_is_closed(year)
    assert ModelLogEntry.objects.get(action="lms_courses.reopen_year").user == admin
    # Reopening an open year: a message, nothing logged.
    again = client.post(reopen_url(year), follow=True)
    assert "is open; nothing was changed" in again.content.decode()
    assert ModelLogEntry.objects.filter(action="lms_courses.reopen_year").count() == 1


def test_log_actions_have_labels():
    labels = dict(log_registry.get_choices())
    assert labels["lms_courses.close_year"] == "Close training year"
    assert labels["lms_courses.reopen_year"] == "Reopen training year"


def test_implausible_year_is_404(client, curator):
    client.force_login(curator)
    far = current_training_year() + 51
    assert client.get(close_url(far)).status_code == 404
    assert client.post(close_url(far)).status_code == 404
    assert client.get(close_url(99999999999999999999)).status_code == 404
    client.force_login(admin_user())
    assert client.post(reopen_url(1)).status_code == 404
    assert not TrainingYear.objects.exists()


def _years_of_data(count, curator, trainee, category, prefix):
    this_year = current_training_year()
    course = make_course(f"{prefix}-1")
    for n in range(count):
        year = this_year - n
        enrol(trainee, course, year, "completed", "1")
        require(course, category, year=year + 10)
        training_year_close(year=year - 20, by=curator)


def test_list_queries_do_not_grow_with_years(client, curator, trainee, category,
                                             django_assert_max_num_queries):
    client.force_login(curator)
    client.get(reverse("lms_courses_years"))  # warm caches (content types, site, …)
    _years_of_data(2, curator, trainee, category, "Q2")
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(reverse("lms_courses_years")).context["rows"]) == 6
    Enrolment.objects.all().delete()
    _years_of_data(6, curator, trainee, category, "Q6")
    with django_assert_max_num_queries(len(few)):
        assert len(client.get(reverse("lms_courses_years")).context["rows"]) == 18
