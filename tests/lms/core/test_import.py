"""Trainee imports: CSV/XLSX parsing, per-row errors, all-or-nothing, the admin screens."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import Workbook

from lms.core import services
from lms.core.models import TraineeImport
from lms.platform.tabular import TableError, read_table

pytestmark = pytest.mark.django_db
User = get_user_model()

HEADER = "username,full name,email,work unit,category,position,rank level,phone\n"
GOOD_ROWS = (
    "zhang01,Zhang Wei,zhang@example.org,jd-jc,young-cadres,Section chief,section,13800000001\n"
    "liu02,Liu Fang,,JD-JC-QS,Young cadres,Deputy head,乡科级,\n"
)


def run_import(curator, content, name="trainees.csv", password="", capture=None):
    with capture(execute=True):
        record = services.trainee_import_create(
            uploaded_by=curator, file_name=name, content=content, initial_password=password
        )
    record.refresh_from_db()
    return record


def test_good_csv_creates_accounts(curator, unit_tree, category,
                                   django_capture_on_commit_callbacks):
    record = run_import(curator, (HEADER + GOOD_ROWS).encode(), password="Start-2026!",
                        capture=django_capture_on_commit_callbacks)
    assert record.status == TraineeImport.Status.DONE, record.errors
    assert (record.total_rows, record.created_count, record.updated_count) == (2, 2, 0)
    zhang = User.objects.get(username="zhang01")
    assert zhang.get_full_name() == "Zhang Wei"
    assert zhang.check_password("Start-2026!")
    assert zhang.groups.filter(name="Trainee").exists()
    profile = zhang.trainee_profile
    assert (profile.work_unit.code, profile.category.slug, profile.rank_level, profile.phone) == (
        "jd-jc", "young-cadres", "section", "13800000001")
    liu = User.objects.get(username="liu02")
    assert liu.check_password("Start-2026!")
    assert liu.trainee_profile.rank_level == "section"  # matched by its Chinese label


def test_without_password_new_accounts_cannot_sign_in(curator, unit_tree, category,
                                                      django_capture_on_commit_callbacks):
    record = run_import(curator, (HEADER + GOOD_ROWS).encode(),
                        capture=django_capture_on_commit_callbacks)
    assert record.status == TraineeImport.Status.DONE
    assert not User.objects.get(username="zhang01").has_usable_password()


def test_bad_rows_are_each_reported_and_nothing_is_imported(
    curator, unit_tree, category, django_capture_on_commit_callbacks
):
    users_before = User.objects.count()
    content = (
        HEADER
        + GOOD_ROWS
        + "bad user!,Name,not-an-email,nowhere,no-such-category,,general,phone?\n"
        + ",,,,,,,\n"  # blank rows are skipped, not errors
        + "zhang01,Again,,jd-jc,young-cadres,,,\n"
        + "wu03,,,jd,young-cadres,,,\n"
    ).encode()
    record = run_import(curator, content, capture=django_capture_on_commit_callbacks)
    assert record.status == TraineeImport.Status.FAILED
    assert User.objects.count() == users_before
    found = {(e["row"], e["column"]) for e in record.errors}
    assert {(4, "username"), (4, "email"), (4, "work_unit"), (4, "category"),
            (4, "rank_level"), (4, "phone"), (6, "username"), (7, "full_name")} == found
    duplicate = next(e for e in record.errors if e["row"] == 6)
    assert "row 2" in duplicate["message"]


def test_missing_columns_are_named(curator, django_capture_on_commit_callbacks):
    record = run_import(curator, b"username,email\nabc,a@b.cn\n",
                        capture=django_capture_on_commit_callbacks)
    assert record.status == TraineeImport.Status.FAILED
    assert record.errors[0]["message"] == (
        "Missing columns: Full name, Work unit code, Trainee category.")


def test_existing_accounts_are_updated(curator, trainee, unit_tree, category,
                                       django_capture_on_commit_callbacks):
    content = (HEADER + "trainee,Li Ming,,jd-dh,young-cadres,Director,division,\n").encode()
    record = run_import(curator, content, capture=django_capture_on_commit_callbacks)
    assert (record.created_count, record.updated_count) == (0, 1)
    trainee.trainee_profile.refresh_from_db()
    assert trainee.trainee_profile.work_unit.code == "jd-dh"
    assert trainee.trainee_profile.position == "Director"
    trainee.refresh_from_db()
    assert trainee.check_password("pass-trainee")  # an import never changes a password


def test_usernames_match_existing_accounts_ignoring_case(curator, trainee, unit_tree, category,
                                                         django_capture_on_commit_callbacks):
    content = (HEADER + "Trainee,Li Ming,,jd-dh,young-cadres,Director,division,\n").encode()
    record = run_import(curator, content, capture=django_capture_on_commit_callbacks)
    assert record.errors == []
    assert (record.created_count, record.updated_count) == (0, 1)
    assert not User.objects.filter(username="Trainee").exists()  # no look-alike account
    trainee.trainee_profile.refresh_from_db()
    assert trainee.trainee_profile.position == "Director"


def test_xlsx_and_chinese_headers(curator, unit_tree, category,
                                  django_capture_on_commit_callbacks):
    book = Workbook()
    sheet = book.active
    sheet.append(["用户名", "姓名", "单位代码", "学员类别", "职务", "职级", "手机"])
    sheet.append(["chen05", "陈静", "jd-jc-qs", "young-cadres", "科员", "科员级", 13912345678])
    buffer = io.BytesIO()
    book.save(buffer)
    record = run_import(curator, buffer.getvalue(), name="名单.xlsx",
                        capture=django_capture_on_commit_callbacks)
    assert record.status == TraineeImport.Status.DONE, record.errors
    profile = User.objects.get(username="chen05").trainee_profile
    assert (profile.rank_level, profile.phone, profile.position) == ("staff", "13912345678", "科员")


def test_gb18030_csv(curator, unit_tree, category, django_capture_on_commit_callbacks):
    content = ("用户名,姓名,单位,类别\nhe06,何永红,jd,young-cadres\n").encode("gb18030")
    record = run_import(curator, content, capture=django_capture_on_commit_callbacks)
    assert record.status == TraineeImport.Status.DONE, record.errors
    assert User.objects.get(username="he06").first_name == "何永红"


def test_running_twice_changes_nothing(curator, unit_tree, category,
                                       django_capture_on_commit_callbacks):
    record = run_import(curator, (HEADER + GOOD_ROWS).encode(),
                        capture=django_capture_on_commit_callbacks)
    count = User.objects.count()
    again = services.trainee_import_run(import_id=record.pk)
    assert again.status == TraineeImport.Status.DONE
    assert (again.created_count, User.objects.count()) == (2, count)


def test_unreadable_files_are_refused_cleanly(curator, django_capture_on_commit_callbacks):
    record = run_import(curator, b"PK\x03\x04 not really a zip", name="x.xlsx",
                        capture=django_capture_on_commit_callbacks)
    assert record.status == TraineeImport.Status.FAILED
    assert "could not be read" in record.errors[0]["message"]
    with pytest.raises(Exception, match=r"csv or \.xlsx"):
        services.trainee_import_create(uploaded_by=curator, file_name="x.pdf", content=b"x")


def test_read_table_rules():
    table = read_table(b"a;b\n1;2\n\n3;\n", "t.csv", max_rows=10)
    assert table.headers == ["a", "b"]
    assert table.rows == [(2, ["1", "2"]), (4, ["3", ""])]
    with pytest.raises(TableError) as error:
        read_table(b"a,b\n1,2\n3,4\n", "t.csv", max_rows=1)
    assert error.value.code == "too_many_rows"
    with pytest.raises(TableError):
        read_table(b"a,b\n", "t.csv", max_rows=10)


# --- Admin screens ----------------------------------------------------------------------------


def test_curator_uploads_through_the_admin(client, curator, unit_tree, category,
                                           django_capture_on_commit_callbacks):
    client.force_login(curator)
    page = client.get(reverse("lms_core_trainee_import"))
    assert page.status_code == 200
    upload = io.BytesIO((HEADER + GOOD_ROWS).encode())
    upload.name = "trainees.csv"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("lms_core_trainee_import"), {"file": upload})
    assert response.status_code == 302
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    assert b'data-status="done"' in detail.content
    assert User.objects.filter(username__in=["zhang01", "liu02"]).count() == 2


def test_admin_shows_each_row_error(client, curator, unit_tree, category,
                                    django_capture_on_commit_callbacks):
    client.force_login(curator)
    upload = io.BytesIO((HEADER + "x,Y,,nowhere,young-cadres,,,\n").encode())
    upload.name = "bad.csv"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("lms_core_trainee_import"), {"file": upload})
    detail = client.get(response["Location"]).content.decode()
    assert 'data-status="failed"' in detail
    assert "No work unit has the code “nowhere”." in detail
    assert "<td>Work unit code</td>" in detail  # the column's label, not its internal key
    assert "nothing was imported" in detail


@pytest.mark.parametrize("who", ["trainee", "instructor"])
def test_import_screens_refuse_other_roles(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(reverse("lms_core_trainee_import")).status_code in (302, 403)
    assert client.get(reverse("lms_core_trainee_import_template")).status_code in (302, 403)


def test_template_download(client, curator):
    client.force_login(curator)
    response = client.get(reverse("lms_core_trainee_import_template"))
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").startswith("username,full name")


def _rows(count, start=0, unit="jd-jc", category="young-cadres"):
    return "".join(f"bulk{n:04d},学员{n:04d},,{unit},{category},,,\n"
                   for n in range(start, start + count)).encode()


def test_an_import_syncs_every_moved_plan_in_one_pass(curator, unit_tree, category,
                                                      django_capture_on_commit_callbacks):
    from lms.core.signals import trainees_imported
    from lms.courses.models import Enrolment
    from tests.lms.courses.factories import make_course, require

    required = require(make_course("IMP-R"), category, kind="required").course
    sent = []

    def listen(sender, user_ids, updated_user_ids, **kwargs):
        sent.append((len(user_ids), len(updated_user_ids)))

    def listened_import():
        trainees_imported.connect(listen)
        try:
            return run_import(curator, HEADER.encode() + _rows(30),
                              capture=django_capture_on_commit_callbacks)
        finally:
            trainees_imported.disconnect(listen)

    record = listened_import()
    assert record.status == TraineeImport.Status.DONE, record.errors
    assert sent == [(30, 0)]  # one announcement for the whole job, not one per row
    assert Enrolment.objects.filter(course=required, source="required").count() == 30
    assert User.objects.filter(username__startswith="bulk", groups__name="Trainee").count() == 30
    assert not User.objects.get(username="bulk0001").has_usable_password()
    # Running it again moves nobody: no category changed, so no plan work is announced, only
    # the accounts written again (their names may show elsewhere, an instructor's on a course).
    again = listened_import()
    assert (again.created_count, again.updated_count) == (0, 30)
    assert sent == [(30, 0), (0, 30)]


def test_import_queries_do_not_grow_with_rows(curator, unit_tree, category,
                                              django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.lms.courses.factories import make_course, require

    require(make_course("IMP-Q"), category, kind="required")
    counts = []
    # Both within one bulk insert batch (SQLite takes 999 parameters a statement).
    for start, count in ((0, 20), (1000, 80)):
        with CaptureQueriesContext(connection) as queries:
            record = run_import(curator, HEADER.encode() + _rows(count, start),
                                capture=django_capture_on_commit_callbacks)
        assert record.status == TraineeImport.Status.DONE, record.errors
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
