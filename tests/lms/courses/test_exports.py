"""Enrolment exports: local times, names beside usernames, a CSV that Excel opens in Chinese."""

import csv
import io
from datetime import UTC, datetime

import openpyxl
import pytest
from django.urls import reverse

from lms.courses import services
from lms.courses.models import Enrolment
from tests.lms.core.factories import UserFactory
from tests.lms.courses.factories import make_course, require

pytestmark = pytest.mark.django_db

HEADINGS = ["Username", "Full name", "Work unit", "Course code", "Course", "Training year",
            "Status", "Source", "Status changed", "Completed", "Credited hours",
            "Completion recorded by"]
# 16:30 UTC on 1 March is half past midnight on 2 March in Shanghai.
COMPLETED_AT = datetime(2026, 3, 1, 16, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _shanghai(settings):
    settings.TIME_ZONE = "Asia/Shanghai"


@pytest.fixture
def completed(unit_tree, category):
    """张三 completed 法治政府建设 at COMPLETED_AT."""
    zhang = UserFactory(username="zhangsan", first_name="张三", work_unit=unit_tree["county"],
                        category=category)
    course = require(make_course("FZ-1", title="法治政府建设"), category).course
    services.enrolment_request(user=zhang, course=course)
    Enrolment.objects.filter(user=zhang).update(status="completed", completed_at=COMPLETED_AT,
                                                status_changed_at=COMPLETED_AT)
    return zhang


def export(client, curator, spreadsheet_format):
    client.force_login(curator)
    response = client.get(reverse("enrolments:index") + f"?export={spreadsheet_format}")
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def test_csv_is_utf8_with_a_bom_in_local_time(client, curator, completed):
    response, body = export(client, curator, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body.startswith(b"\xef\xbb\xbf")
    header, *rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert header == HEADINGS
    [row] = [dict(zip(header, row, strict=True)) for row in rows]
    assert {key: row[key] for key in ("Username", "Full name", "Work unit", "Course code",
                                      "Course", "Status", "Status changed", "Completed")} == {
        "Username": "zhangsan", "Full name": "张三", "Work unit": "Qingshan District",
        "Course code": "FZ-1", "Course": "法治政府建设", "Status": "Completed",
        "Status changed": "2026-03-02 00:30", "Completed": "2026-03-02 00:30"}


def test_xlsx_holds_local_times(client, curator, completed):
    response, body = export(client, curator, "xlsx")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert list(header) == HEADINGS
    [row] = [dict(zip(header, row, strict=True)) for row in rows]
    assert (row["Username"], row["Full name"], row["Course code"], row["Course"]) == (
        "zhangsan", "张三", "FZ-1", "法治政府建设")
    assert row["Completed"] == row["Status changed"] == datetime(2026, 3, 2, 0, 30)
