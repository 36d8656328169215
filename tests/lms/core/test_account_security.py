"""Only superusers grant rights: forged posts to every screen that edits users or groups, by each
role, change nothing privileged (asserted on the rows), and superusers can still do it all."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.core import accounts, services
from lms.core.importing import TraineeRow
from lms.core.models import TraineeImport
from tests.lms.core.factories import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()

PASSWORD = "Qx7-long-enough-2026"
IMPORT_HEADER = "username,full name,email,work unit,category\n"
AJAX = {"X-Requested-With": "XMLHttpRequest"}  # Wagtail then lets PermissionDenied be a 403


# --- Fixtures and helpers ---------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    user = UserFactory(username="admin", first_name="Site Admin", roles=())
    User.objects.filter(pk=user.pk).update(is_superuser=True)
    user.refresh_from_db()
    return user


@pytest.fixture
def other_curator(db):
    return UserFactory(username="curator2", first_name="Zhao Lei", roles=("curator",))


@pytest.fixture
def staff_member(db):
    user = UserFactory(username="staffer", first_name="Sun Hao", roles=("trainee",))
    User.objects.filter(pk=user.pk).update(is_staff=True)
    return user


@pytest.fixture
def delete_permission():
    return Permission.objects.get(content_type__app_label="auth", codename="delete_user")


@pytest.fixture
def deleting_curator(curator, delete_permission):
    """A curator who may also delete users, so only lms.core's rule stands in the way."""
    curator.user_permissions.add(delete_permission)
    return User.objects.get(pk=curator.pk)


def group(name):
    return Group.objects.get(name=name)


def snapshot(user):
    """Everything about an account that a forged post could try to change."""
    user = User.objects.get(pk=user.pk)
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "password": user.password,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "groups": set(user.groups.values_list("name", flat=True)),
        "permissions": set(user.user_permissions.values_list("codename", flat=True)),
    }


def client_for(client, user):
    client.force_login(user)
    return client


def forged_account_form(user, **overrides):
    """A full user edit form for `user` that also claims superuser, staff and the Curator group."""
    data = {
        "username": user.username,
        "email": user.email or f"{user.username}@example.org",
        "first_name": user.first_name or "Someone",
        "is_active": "on",
        "is_superuser": "on",
        "is_staff": "on",
        "groups": [group("Curator").pk],
        "user_permissions": list(Permission.objects.values_list("pk", flat=True)[:5]),
    }
    data.update(overrides)
    return data


def edit_url(user):
    return reverse("wagtailusers_users:edit", args=(user.pk,))


def delete_url(user):
    return reverse("wagtailusers_users:delete", args=(user.pk,))


def bulk_url(action_type, *users):
    ids = "&".join(f"id={user.pk}" for user in users)
    return reverse("wagtail_bulk_action", args=("auth", "user", action_type)) + "?" + ids


def refused(response):
    """A refusal as Wagtail's admin gives it: PermissionDenied becomes a redirect to the dashboard
    with "Sorry, you do not have permission…" (a 403 for AJAX requests), and someone without
    admin access is sent to the login page. A successful save redirects elsewhere."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and (
        response["Location"] == reverse("wagtailadmin_home")
        or response["Location"].startswith(reverse("wagtailadmin_login"))
    )


# --- The rule itself --------------------------------------------------------------------------


def test_privileged_accounts_are_superusers_staff_other_groups_and_direct_permissions(
    superuser, curator, instructor, trainee, staff_member, delete_permission
):
    plain = UserFactory(username="plain", roles=())
    granted = UserFactory(username="granted", roles=("trainee",))
    granted.user_permissions.add(delete_permission)
    assert [accounts.is_privileged(u) for u in (superuser, curator, instructor, staff_member,
                                                 granted)] == [True] * 5
    assert not accounts.is_privileged(trainee)
    assert not accounts.is_privileged(plain)
    assert set(accounts.privileged_accounts(User.objects.all()).values_list(
        "username", flat=True)) == {"admin", "curator", "instructor", "staffer", "granted"}


def test_only_active_superusers_manage_privileged_accounts(superuser, curator, instructor,
                                                           trainee):
    assert accounts.may_manage_account(actor=superuser, account=curator)
    assert accounts.may_manage_account(actor=superuser, account=superuser)
    assert accounts.may_manage_account(actor=curator, account=trainee)
    for account in (superuser, instructor, curator):
        assert not accounts.may_manage_account(actor=curator, account=account)
    superuser.is_active = False
    assert not accounts.may_manage_account(actor=superuser, account=curator)
    everyone = User.objects.all()
    assert not accounts.unmanageable_accounts(actor=User.objects.get(username="admin"),
                                              queryset=everyone).exists()
    assert set(accounts.unmanageable_accounts(actor=None, queryset=everyone).values_list(
        "username", flat=True)) == {"admin", "curator", "instructor"}


# --- Creating users ---------------------------------------------------------------------------


def new_account_form(**overrides):
    data = {
        "username": "newbie",
        "email": "newbie@example.org",
        "first_name": "Zhang Xiaoming",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def test_curator_creates_a_trainee_with_only_a_full_name(client, curator):
    response = client_for(client, curator).post(
        reverse("wagtailusers_users:add"), new_account_form(groups=[group("Trainee").pk])
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    account = User.objects.get(username="newbie")
    assert (account.first_name, account.last_name) == ("Zhang Xiaoming", "")
    assert account.get_full_name() == "Zhang Xiaoming"
    assert snapshot(account)["groups"] == {"Trainee"}
    assert account.check_password(PASSWORD)


def test_user_forms_label_first_name_full_name_and_have_no_last_name(client, curator, superuser,
                                                                     trainee):
    for user, url in ((curator, reverse("wagtailusers_users:add")), (curator, edit_url(trainee)),
                      (superuser, reverse("wagtailusers_users:add")),
                      (superuser, edit_url(curator))):
        page = client_for(client, user).get(url)
        assert page.status_code == 200
        form = page.context["form"]
        assert str(form.fields["first_name"].label) == "Full name"
        assert form.fields["first_name"].required
        assert "last_name" not in form.fields
        html = page.content.decode()
        assert 'name="last_name"' not in html and "Last Name" not in html
        # No empty row where Wagtail's own template names last_name (it renders "None").
        assert not re.search(r"data-field-input>\s*None\s*</div>", html)


def test_full_name_is_required(client, curator):
    response = client_for(client, curator).post(
        reverse("wagtailusers_users:add"), new_account_form(first_name="")
    )
    assert response.status_code == 200
    assert "first_name" in response.context["form"].errors
    assert not User.objects.filter(username="newbie").exists()


def test_curator_cannot_create_a_superuser_or_a_curator(client, curator):
    client = client_for(client, curator)
    page = client.get(reverse("wagtailusers_users:add"))
    # Shown disabled, so a posted value is ignored (and no empty row is left in its place).
    assert page.context["form"].fields["is_superuser"].disabled
    assert list(page.context["form"].fields["groups"].queryset) == [group("Trainee")]

    response = client.post(reverse("wagtailusers_users:add"),
                           new_account_form(is_superuser="on", is_staff="on",
                                            groups=[group("Curator").pk]))
    assert response.status_code == 200  # refused: the Curator group is not a choice
    assert "groups" in response.context["form"].errors
    assert not User.objects.filter(username="newbie").exists()

    response = client.post(reverse("wagtailusers_users:add"),
                           new_account_form(is_superuser="on", is_staff="on",
                                            groups=[group("Trainee").pk]))
    assert response.status_code == 302
    account = snapshot(User.objects.get(username="newbie"))
    assert (account["is_superuser"], account["is_staff"], account["groups"]) == (
        False, False, {"Trainee"})


def test_superuser_creates_a_superuser_curator(client, superuser):
    response = client_for(client, superuser).post(
        reverse("wagtailusers_users:add"),
        new_account_form(is_superuser="on", groups=[group("Curator").pk]),
    )
    assert response.status_code == 302
    account = snapshot(User.objects.get(username="newbie"))
    assert (account["is_superuser"], account["groups"]) == (True, {"Curator"})


def test_instructors_and_trainees_cannot_create_users(client, instructor, trainee):
    for user in (instructor, trainee):
        response = client_for(client, user).post(
            reverse("wagtailusers_users:add"), new_account_form(is_superuser="on")
        )
        assert refused(response)
    assert not User.objects.filter(username="newbie").exists()


# --- Editing users ----------------------------------------------------------------------------


def test_curator_cannot_make_a_trainee_superuser_staff_or_curator(client, curator, trainee):
    before = snapshot(trainee)
    client = client_for(client, curator)
    response = client.post(edit_url(trainee), forged_account_form(trainee))
    assert response.status_code == 200  # the Curator group is not a choice: nothing is saved
    assert "groups" in response.context["form"].errors
    assert snapshot(trainee) == before

    response = client.post(edit_url(trainee), forged_account_form(
        trainee, first_name="Li Mingming", groups=[group("Trainee").pk]))
    assert response.status_code == 302
    after = snapshot(trainee)
    assert after["first_name"] == "Li Mingming"  # what a curator may change, changed
    assert after == {**before, "first_name": "Li Mingming"}


def test_curator_manages_a_trainee_name_email_password_and_active_flag(client, curator, trainee):
    response = client_for(client, curator).post(edit_url(trainee), {
        "username": "trainee", "email": "new@example.org", "first_name": "Li Ming",
        "password1": PASSWORD, "password2": PASSWORD, "groups": [group("Trainee").pk],
    })  # is_active left unticked: deactivates
    assert response.status_code == 302
    trainee.refresh_from_db()
    assert (trainee.email, trainee.is_active) == ("new@example.org", False)
    assert trainee.check_password(PASSWORD)


@pytest.mark.parametrize("target", ["superuser", "instructor", "other_curator", "staff_member"])
def test_curator_cannot_edit_a_privileged_account(client, curator, target, request):
    account = request.getfixturevalue(target)
    before = snapshot(account)
    client = client_for(client, curator)
    assert refused(client.get(edit_url(account)))
    assert client.get(edit_url(account), headers=AJAX).status_code == 403
    response = client.post(edit_url(account), forged_account_form(
        account, first_name="Hijacked", email="evil@example.org", is_active="",
        password1=PASSWORD, password2=PASSWORD, groups=[group("Trainee").pk]))
    assert refused(response)
    assert snapshot(account) == before


def test_curator_editing_themself_cannot_change_groups_superuser_or_active(client, curator):
    before = snapshot(curator)
    client = client_for(client, curator)
    form = client.get(edit_url(curator)).context["form"]
    assert not {"groups", "is_superuser", "is_active"} & set(form.fields)
    response = client.post(edit_url(curator), forged_account_form(
        curator, first_name="Wang Jingjing",
        groups=[group("Curator").pk, group("Instructor").pk], is_active=""))
    assert response.status_code == 302
    assert snapshot(curator) == {**before, "first_name": "Wang Jingjing"}


def test_superuser_edits_anyone_and_grants_rights(client, superuser, trainee, curator):
    client = client_for(client, superuser)
    response = client.post(edit_url(trainee), forged_account_form(
        trainee, groups=[group("Curator").pk, group("Trainee").pk]))
    assert response.status_code == 302
    after = snapshot(trainee)
    assert (after["is_superuser"], after["groups"]) == (True, {"Curator", "Trainee"})

    response = client.post(edit_url(curator), forged_account_form(
        curator, first_name="Wang Jing (retired)", is_superuser="", is_active="", groups=[]))
    assert response.status_code == 302
    after = snapshot(curator)
    assert (after["first_name"], after["is_active"], after["groups"]) == (
        "Wang Jing (retired)", False, set())


def test_instructors_and_trainees_cannot_edit_users(client, instructor, trainee, curator):
    for user, account in ((instructor, trainee), (trainee, curator), (trainee, trainee)):
        before = snapshot(account)
        response = client_for(client, user).post(edit_url(account), forged_account_form(account))
        assert refused(response)
        assert snapshot(account) == before


def test_there_is_no_copy_screen_for_users(client, curator, superuser):
    before = snapshot(superuser)
    response = client_for(client, curator).post(
        f"/admin/users/copy/{superuser.pk}/", new_account_form(is_superuser="on")
    )
    assert response.status_code == 404
    assert snapshot(superuser) == before
    assert not User.objects.filter(username="newbie").exists()


def test_user_list_offers_curators_no_links_to_privileged_accounts(client, curator, trainee,
                                                                  superuser, instructor):
    page = client_for(client, curator).get(reverse("wagtailusers_users:index"))
    assert page.status_code == 200
    html = page.content.decode()
    assert edit_url(trainee) in html
    assert edit_url(superuser) not in html
    assert edit_url(instructor) not in html


def test_the_user_list_offers_no_delete_link_on_privileged_accounts(client, deleting_curator,
                                                                    trainee, instructor):
    html = client_for(client, deleting_curator).get(
        reverse("wagtailusers_users:index")).content.decode()
    assert delete_url(trainee) in html
    assert delete_url(instructor) not in html


# --- Deleting users ---------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["superuser", "instructor", "other_curator", "staff_member"])
def test_curator_cannot_delete_a_privileged_account(client, deleting_curator, target, request):
    account = request.getfixturevalue(target)
    client = client_for(client, deleting_curator)
    assert refused(client.get(delete_url(account)))
    assert refused(client.post(delete_url(account)))
    assert client.post(delete_url(account), headers=AJAX).status_code == 403
    assert User.objects.filter(pk=account.pk).exists()


def test_curator_with_delete_permission_deletes_a_trainee(client, deleting_curator, trainee):
    response = client_for(client, deleting_curator).post(delete_url(trainee))
    assert response.status_code == 302
    assert not User.objects.filter(pk=trainee.pk).exists()


def test_curators_instructors_and_trainees_without_the_permission_delete_nobody(
    client, curator, instructor, trainee
):
    for user in (curator, instructor, trainee):
        assert refused(client_for(client, user).post(delete_url(trainee)))
    assert User.objects.filter(pk=trainee.pk).exists()


def test_superuser_deletes_a_curator(client, superuser, curator):
    response = client_for(client, superuser).post(delete_url(curator))
    assert response.status_code == 302
    assert not User.objects.filter(pk=curator.pk).exists()


# --- Groups -----------------------------------------------------------------------------------


def group_urls(target):
    return [
        reverse("wagtailusers_groups:index"),
        reverse("wagtailusers_groups:add"),
        reverse("wagtailusers_groups:edit", args=(target.pk,)),
        reverse("wagtailusers_groups:delete", args=(target.pk,)),
        reverse("wagtailusers_groups:history", args=(target.pk,)),
        reverse("wagtailusers_groups:usage", args=(target.pk,)),
    ]


def management_data(html):
    """The formset management fields of the group form's permission panels."""
    fields = re.findall(r'name="([\w-]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)"[^>]*value="(\d*)"',
                        html)
    return dict(fields)


def test_group_screens_are_refused_to_everyone_but_superusers(client, curator, instructor,
                                                             trainee):
    # Even a curator holding every group permission gets nowhere.
    curator.user_permissions.add(*Permission.objects.filter(content_type__app_label="auth",
                                                            content_type__model="group"))
    curator_group = group("Curator")
    permissions_before = set(curator_group.permissions.all())
    all_permissions = list(Permission.objects.values_list("pk", flat=True))
    for user in (User.objects.get(pk=curator.pk), instructor, trainee):
        client = client_for(client, user)
        for url in group_urls(curator_group):
            assert refused(client.get(url)), (user, url)
        assert refused(client.post(reverse("wagtailusers_groups:add"),
                                   {"name": "Escalated", "permissions": all_permissions}))
        assert refused(client.post(reverse("wagtailusers_groups:edit", args=(curator_group.pk,)),
                                   {"name": "Curator", "permissions": all_permissions}))
        assert refused(client.post(reverse("wagtailusers_groups:delete",
                                           args=(curator_group.pk,))))
    assert not Group.objects.filter(name="Escalated").exists()
    assert set(group("Curator").permissions.all()) == permissions_before
    # Nor is the Groups menu item offered to them.
    home = client_for(client, User.objects.get(pk=curator.pk)).get(reverse("wagtailadmin_home"))
    assert reverse("wagtailusers_groups:index") not in home.content.decode()


def test_the_trainee_group_a_curator_may_assign_grants_nothing(db):
    """Curators may put accounts in the Trainee group only because it holds no permission."""
    trainee_group = group("Trainee")
    assert not trainee_group.permissions.exists()
    assert not trainee_group.page_permissions.exists()


def test_superuser_manages_groups(client, superuser):
    client = client_for(client, superuser)
    for url in group_urls(group("Curator")):
        assert client.get(url).status_code == 200, url
    add = client.get(reverse("wagtailusers_groups:add")).content.decode()
    permission = Permission.objects.get(content_type__app_label="auth", codename="add_user")
    response = client.post(reverse("wagtailusers_groups:add"), {
        "name": "Auditors", "permissions": [permission.pk], **management_data(add)})
    assert response.status_code == 302, response.content.decode()[:3000]
    auditors = group("Auditors")
    assert list(auditors.permissions.all()) == [permission]
    assert client.post(reverse("wagtailusers_groups:delete", args=(auditors.pk,))
                       ).status_code == 302
    assert not Group.objects.filter(name="Auditors").exists()


# --- Bulk actions on the user list ------------------------------------------------------------


def test_curator_cannot_bulk_assign_any_role(client, curator, trainee):
    before = {user.pk: snapshot(user) for user in (curator, trainee)}
    client = client_for(client, curator)
    for name in ("Curator", "Instructor", "Trainee"):
        client.post(bulk_url("assign_role", trainee, curator), {"role": group(name).pk})
    assert {user.pk: snapshot(user) for user in (curator, trainee)} == before


def test_curator_bulk_deactivates_trainees_only(client, curator, trainee, superuser, instructor,
                                                other_curator):
    privileged = (superuser, instructor, other_curator)
    response = client_for(client, curator).post(
        bulk_url("set_active_state", trainee, *privileged), {"mark_as_active": "False"}
    )
    assert response.status_code == 302
    assert not User.objects.get(pk=trainee.pk).is_active
    assert all(User.objects.get(pk=user.pk).is_active for user in privileged)


def test_curator_cannot_bulk_reactivate_a_deactivated_instructor(client, curator, instructor,
                                                                  trainee):
    User.objects.filter(pk__in=[instructor.pk, trainee.pk]).update(is_active=False)
    client_for(client, curator).post(bulk_url("set_active_state", instructor, trainee),
                                     {"mark_as_active": "True"})
    assert not User.objects.get(pk=instructor.pk).is_active
    assert User.objects.get(pk=trainee.pk).is_active


def test_bulk_actions_check_a_batch_in_a_bounded_number_of_queries(client, deleting_curator):
    client = client_for(client, deleting_curator)
    few = [UserFactory(username=f"few{n}", roles=("trainee",)) for n in range(3)]
    many = [UserFactory(username=f"many{n}", roles=("trainee",)) for n in range(20)]
    counts = []
    for batch in (few, many):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(bulk_url("delete", *batch)).status_code == 200
        counts.append(len(queries))
    assert counts[1] == counts[0]


def test_curator_bulk_deletes_trainees_only(client, deleting_curator, trainee, instructor,
                                            other_curator):
    response = client_for(client, deleting_curator).post(
        bulk_url("delete", trainee, instructor, other_curator)
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk=trainee.pk).exists()
    assert User.objects.filter(pk__in=[instructor.pk, other_curator.pk]).count() == 2


def test_instructors_and_trainees_cannot_run_user_bulk_actions(client, instructor, trainee,
                                                              curator):
    before = {user.pk: snapshot(user) for user in (trainee, curator)}
    for user in (instructor, trainee):
        client = client_for(client, user)
        for action, data in (("assign_role", {"role": group("Curator").pk}),
                             ("set_active_state", {"mark_as_active": "False"}),
                             ("delete", {})):
            assert refused(client.post(bulk_url(action, trainee, curator), data))
    assert {user.pk: snapshot(user) for user in (trainee, curator)} == before


def test_superuser_runs_every_bulk_action(client, superuser, trainee, instructor, curator):
    client = client_for(client, superuser)
    client.post(bulk_url("assign_role", trainee), {"role": group("Curator").pk})
    assert snapshot(trainee)["groups"] == {"Trainee", "Curator"}
    client.post(bulk_url("set_active_state", instructor), {"mark_as_active": "False"})
    assert not User.objects.get(pk=instructor.pk).is_active
    client.post(bulk_url("delete", curator))
    assert not User.objects.filter(pk=curator.pk).exists()


# --- Trainee profile screens ------------------------------------------------------------------


def test_trainee_profile_screen_edits_profile_fields_only(client, curator, trainee, superuser,
                                                          unit_tree, category):
    before = snapshot(trainee)
    profile = trainee.trainee_profile
    response = client_for(client, curator).post(
        reverse("trainees:edit", args=(profile.pk,)),
        {
            "work_unit": unit_tree["other_city"].pk, "category": category.pk,
            "position": "Head", "rank_level": "", "phone": "",
            "user": superuser.pk, "is_superuser": "on", "is_staff": "on",
            "groups": [group("Curator").pk], "first_name": "Hijacked",
        },
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.user_id, profile.work_unit, profile.position) == (
        trainee.pk, unit_tree["other_city"], "Head")
    assert snapshot(trainee) == before
    assert snapshot(superuser)["groups"] == set()


def test_instructors_and_trainees_cannot_edit_trainee_profiles(client, instructor, trainee,
                                                              unit_tree):
    profile = trainee.trainee_profile
    for user in (instructor, trainee):
        response = client_for(client, user).post(
            reverse("trainees:edit", args=(profile.pk,)),
            {"work_unit": unit_tree["other_city"].pk, "position": "Head", "is_superuser": "on"},
        )
        assert refused(response)
    profile.refresh_from_db()
    assert profile.position == "Deputy head"
    assert not User.objects.get(pk=trainee.pk).is_superuser


def test_curators_cannot_edit_the_profiles_of_privileged_accounts(client, curator, superuser,
                                                                   instructor, unit_tree):
    for account in (superuser, instructor):
        profile = account.trainee_profile
        response = client_for(client, curator).post(
            reverse("trainees:edit", args=(profile.pk,)),
            {"work_unit": unit_tree["other_city"].pk, "position": "Moved"},
        )
        assert refused(response)
        profile.refresh_from_db()
        assert profile.position != "Moved"
    response = client_for(client, superuser).post(
        reverse("trainees:edit", args=(instructor.trainee_profile.pk,)),
        {"work_unit": unit_tree["other_city"].pk, "position": "Moved"},
    )
    assert response.status_code == 302
    assert User.objects.get(pk=instructor.pk).trainee_profile.position == "Moved"


# --- Trainee imports --------------------------------------------------------------------------


def run_import(uploaded_by, rows, capture):
    with capture(execute=True):
        record = services.trainee_import_create(
            uploaded_by=uploaded_by, file_name="trainees.csv",
            content=(IMPORT_HEADER + rows).encode(),
        )
    record.refresh_from_db()
    return record


@pytest.mark.parametrize("target", ["superuser", "instructor", "other_curator", "staff_member"])
def test_curator_import_cannot_overwrite_a_privileged_account(
    curator, target, request, unit_tree, category, django_capture_on_commit_callbacks
):
    account = request.getfixturevalue(target)
    before = snapshot(account)
    record = run_import(
        curator,
        "zhang01,Zhang Wei,zhang@example.org,jd-jc,young-cadres\n"
        f"{account.username.upper()},Hijacked,evil@example.org,jd-jc,young-cadres\n",
        django_capture_on_commit_callbacks,
    )
    assert record.status == TraineeImport.Status.FAILED
    assert [(e["row"], e["column"]) for e in record.errors] == [(3, "username")]
    assert account.username.upper() in record.errors[0]["message"]
    assert snapshot(account) == before
    assert not User.objects.filter(username="zhang01").exists()  # all or nothing


def test_curator_import_still_updates_trainees(curator, trainee, unit_tree, category,
                                               django_capture_on_commit_callbacks):
    record = run_import(curator, "trainee,Li Ming Updated,,jd-jc,young-cadres\n",
                        django_capture_on_commit_callbacks)
    assert record.status == TraineeImport.Status.DONE, record.errors
    assert User.objects.get(pk=trainee.pk).first_name == "Li Ming Updated"


def test_import_whose_uploader_is_gone_cannot_overwrite_privileged_accounts(
    superuser, instructor, unit_tree, category, django_capture_on_commit_callbacks
):
    before = snapshot(instructor)
    with django_capture_on_commit_callbacks(execute=False):
        record = services.trainee_import_create(
            uploaded_by=superuser, file_name="trainees.csv",
            content=(IMPORT_HEADER + "instructor,Hijacked,,jd-jc,young-cadres\n").encode(),
        )
    TraineeImport.objects.filter(pk=record.pk).update(created_by=None)
    record = services.trainee_import_run(import_id=record.pk)
    assert record.status == TraineeImport.Status.FAILED
    assert [(e["row"], e["column"]) for e in record.errors] == [(2, "username")]
    assert snapshot(instructor) == before


def test_superuser_import_updates_privileged_accounts_but_only_adds_trainee(
    superuser, curator, unit_tree, category, django_capture_on_commit_callbacks
):
    record = run_import(
        superuser,
        "admin,Site Administrator,admin@example.org,jd,young-cadres\n"
        "curator,Wang Jing,curator@example.org,jd,young-cadres\n",
        django_capture_on_commit_callbacks,
    )
    assert record.status == TraineeImport.Status.DONE, record.errors
    admin, curator_after = snapshot(superuser), snapshot(curator)
    assert (admin["first_name"], admin["is_superuser"], admin["groups"]) == (
        "Site Administrator", True, {"Trainee"})
    assert curator_after["groups"] == {"Curator", "Trainee"}


def test_applying_rows_refuses_accounts_beyond_the_uploader(curator, superuser, unit_tree,
                                                            category):
    row = TraineeRow(row_number=2, username="admin", full_name="Hijacked", email="",
                     work_unit=unit_tree["city"], category=category, position="",
                     rank_level="", phone="")
    before = snapshot(superuser)
    with pytest.raises(PermissionDenied):
        services.apply_trainee_rows([row], uploaded_by=curator)
    with pytest.raises(PermissionDenied):
        services.apply_trainee_rows([row], uploaded_by=None)
    assert snapshot(superuser) == before
    assert services.apply_trainee_rows([row], uploaded_by=superuser) == (0, 1)


# --- API --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["superuser", "curator", "instructor", "trainee"])
def test_api_has_no_way_to_edit_accounts(api_client, role, request):
    user = request.getfixturevalue(role)
    before = snapshot(user)
    api_client.force_authenticate(user)
    forged = {"is_superuser": True, "is_staff": True, "groups": [group("Curator").pk],
              "first_name": "Hijacked", "username": "hijacked"}
    for method in ("patch", "put", "post", "delete"):
        response = getattr(api_client, method)(reverse("api-me"), forged, format="json")
        assert response.status_code == 405, (method, response.status_code)
    assert snapshot(user) == before


def test_user_forms_speak_the_users_language(client, curator):
    client = client_for(client, curator)
    client.cookies["django_language"] = "zh-hans"
    html = client.get(reverse("wagtailusers_users:add"), HTTP_ACCEPT_LANGUAGE="zh-hans"
                      ).content.decode()
    assert "必填。只能包含字母、数字和 @/./+/-/_。" in html
    assert "Letters, digits" not in html
    assert "学员" in html and ">Trainee<" not in html
