"""Two-factor sign-in: required for curators and superusers before any admin screen, optional
for instructors, with recovery codes; the API's token asks for the code too."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from lms.security.models import SecurityEvent

Kind = SecurityEvent.Kind
pytestmark = pytest.mark.two_factor


def _totp_at(device, moment):
    """The code an authenticator app shows at `moment` (a timestamp)."""
    counter = TOTP(device.bin_key, device.step, device.t0, device.digits)
    counter.time = moment
    return counter.token()


def sign_in(client, username, **extra):
    return client.post("/accounts/login/", {"username": username,
                                            "password": f"pass-{username}"}, **extra)


def set_up(client, moment):
    page = client.get("/accounts/two-factor/setup/")
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post("/accounts/two-factor/setup/",
                           {"code": f"{_totp_at(device, moment.timestamp()):06d}"})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10
    return device, codes


def test_a_curator_without_two_factor_sets_it_up_before_any_admin_screen(client, curator):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client, "curator")
        for path in ("/admin/", "/admin/pages/", "/admin/users/", "/learning/"):
            response = client.get(path)
            assert response.status_code == 302, path
            assert response["Location"].startswith("/accounts/two-factor/setup/"), path
        api = client.get("/api/v1/me/")
        assert api.status_code == 403 and api.json()["code"] == "two_factor_setup_required"
        # A wrong code sets nothing up.
        client.get("/accounts/two-factor/setup/")
        wrong = client.post("/accounts/two-factor/setup/", {"code": "000000"})
        assert wrong.status_code == 200 and "not right" in wrong.content.decode()
        assert not TOTPDevice.objects.filter(confirmed=True).exists()
    # After a wrong code, django-otp refuses any code for a second (then two, four...).
    start += datetime.timedelta(seconds=2)
    with time_machine.travel(start, tick=False):
        device, codes = set_up(client, start)
        assert client.get("/admin/").status_code == 200
    assert SecurityEvent.objects.filter(kind=Kind.TWO_FACTOR_ENABLED, subject=curator).exists()

    # Next time: the password, then the code.
    client.logout()
    later = start + datetime.timedelta(minutes=5)
    with time_machine.travel(later, tick=False):
        sign_in(client, "curator")
        held = client.get("/admin/")
        assert held["Location"].startswith("/accounts/two-factor/verify/")
        assert client.post("/accounts/two-factor/verify/", {"code": "123456"}).status_code == 200
    later += datetime.timedelta(seconds=2)
    with time_machine.travel(later, tick=False):
        response = client.post("/accounts/two-factor/verify/?next=/admin/",
                               {"code": f"{_totp_at(device, later.timestamp()):06d}",
                                "next": "/admin/"})
        assert response.status_code == 302 and response["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200
    assert SecurityEvent.objects.filter(kind=Kind.TWO_FACTOR_FAILED, subject=curator).count() == 1

    # A recovery code works once.
    client.logout()
    with time_machine.travel(later + datetime.timedelta(minutes=5), tick=False):
        sign_in(client, "curator")
        assert client.post("/accounts/two-factor/verify/",
                           {"code": codes[0]}).status_code == 302
        assert client.get("/admin/").status_code == 200
        client.logout()
        sign_in(client, "curator")
        assert client.post("/accounts/two-factor/verify/",
                           {"code": codes[0]}).status_code == 200
        assert client.get("/admin/").status_code == 302
    assert SecurityEvent.objects.filter(kind=Kind.RECOVERY_CODE_USED).count() == 1


def test_the_wagtail_admin_login_is_held_at_the_second_factor(client, curator):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client, "curator")
        set_up(client, start)
        client.logout()
    with time_machine.travel(start + datetime.timedelta(minutes=2), tick=False):
        response = client.post("/admin/login/", {"username": "curator",
                                                 "password": "pass-curator"})
        assert response.status_code == 302
        held = client.get("/admin/")
        assert held.status_code == 302
        assert held["Location"].startswith("/accounts/two-factor/verify/")


def test_the_api_token_asks_for_the_code(client, curator):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client, "curator")
        device, _codes = set_up(client, start)
    token = "/api/v1/auth/token/"
    with time_machine.travel(start + datetime.timedelta(minutes=2), tick=False):
        without = client.post(token, {"username": "curator", "password": "pass-curator"},
                              content_type="application/json")
        assert without.status_code == 400 and "otp" in without.json()["errors"]
        code = f"{_totp_at(device, (start + datetime.timedelta(minutes=2)).timestamp()):06d}"
        with_code = client.post(token, {"username": "curator", "password": "pass-curator",
                                        "otp": code}, content_type="application/json")
        assert with_code.status_code == 200 and with_code.json()["token"]


def test_a_curator_without_two_factor_gets_no_token(client, curator):
    response = client.post("/api/v1/auth/token/", {"username": "curator",
                                                   "password": "pass-curator"},
                           content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "two_factor_setup_required"


def test_two_factor_is_optional_for_instructors(client, instructor):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client, "instructor")
        assert client.get("/admin/").status_code == 200
        page = client.get("/accounts/security/").content.decode()
        assert "Set up two-factor sign-in" in page
        set_up(client, start)
        assert client.get("/admin/").status_code == 200
        # Optional: they may turn it off (recorded), a curator may not.
        response = client.post("/accounts/two-factor/remove/")
        assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=instructor).exists()
    assert SecurityEvent.objects.filter(kind=Kind.TWO_FACTOR_DISABLED).count() == 1


def test_a_curator_cannot_turn_it_off(client, curator):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client, "curator")
        set_up(client, start)
        client.post("/accounts/two-factor/remove/")
    assert TOTPDevice.objects.filter(user=curator, confirmed=True).exists()


def test_trainees_are_not_asked(client, trainee):
    sign_in(client, "trainee")
    assert client.get("/learning/").status_code == 200


def test_a_token_handed_out_before_the_role_required_a_code_stops_working(api_client, trainee):
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    from lms.core.roles import ROLES

    token = Token.objects.create(user=trainee)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api_client.get("/api/v1/me/").status_code == 200
    curator_group = next(role for role in ROLES if role.slug == "curator").group_name
    trainee.groups.add(Group.objects.get(name=curator_group))  # made a curator
    assert api_client.get("/api/v1/me/").status_code == 401
    assert not Token.objects.filter(user=trainee).exists()
    # A superuser too: from then on, a token only with a code.
    other = Token.objects.create(user=trainee)
    trainee.groups.clear()
    assert Token.objects.filter(pk=other.pk).exists()  # a trainee again keeps it
    trainee.is_superuser = True
    trainee.save()
    assert not Token.objects.filter(pk=other.pk).exists()


def test_an_authenticator_removed_meanwhile_sends_the_session_to_set_up_not_round_in_circles(
        client, curator):
    from lms.security import services

    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client, "curator")
        set_up(client, start)
        client.post("/accounts/logout/")
        sign_in(client, "curator")  # owes the code now
        assert client.get("/learning/")["Location"].startswith("/accounts/two-factor/verify/")
        services.two_factor_remove(actor=None, user=curator)  # lost phone: removed by staff
        final = client.get("/accounts/two-factor/verify/?next=/learning/", follow=True)
    assert final.redirect_chain[-1][0].startswith("/accounts/two-factor/setup/")
    assert final.status_code == 200
