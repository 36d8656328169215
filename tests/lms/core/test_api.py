"""API of lms.core: token auth, me/, the error format, schema and docs."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"
TOKEN = "/api/v1/auth/token/"


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_me_is_refused_with_json(api_client, method):
    response = getattr(api_client, method)(ME)
    assert response.status_code in (401, 403)
    body = response.json()
    assert body["code"] == "not_authenticated"
    assert body["detail"]


def test_wrong_password_gets_a_clear_error(api_client, trainee):
    response = api_client.post(TOKEN, {"username": "trainee", "password": "nope"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"code": "invalid_credentials",
                               "detail": "The username or password is not correct."}


def test_missing_fields_list_each_field(api_client):
    response = api_client.post(TOKEN, {}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) == {"username", "password"}


def test_malformed_json_is_a_400_not_a_500(api_client):
    response = api_client.post(TOKEN, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_error_detail_is_translated(api_client, trainee):
    response = api_client.post(TOKEN, {"username": "trainee", "password": "nope"}, format="json",
                               HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.json()["code"] == "invalid_credentials"
    assert response.json()["detail"] == "用户名或密码不正确。"


@pytest.mark.parametrize("keyword", ["Token", "Bearer"])
def test_token_reads_me(api_client, trainee, keyword):
    response = api_client.post(TOKEN, {"username": "trainee", "password": "pass-trainee"},
                               format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    # The same token comes back on a second request (double submits make one token).
    again = api_client.post(TOKEN, {"username": "trainee", "password": "pass-trainee"},
                            format="json")
    assert again.json()["token"] == token
    api_client.credentials(HTTP_AUTHORIZATION=f"{keyword} {token}")
    me = api_client.get(ME)
    assert me.status_code == 200
    body = me.json()
    assert body["username"] == "trainee"
    assert body["full_name"] == "Li Ming"
    assert body["roles"] == ["trainee"]
    assert body["profile"]["work_unit"]["path"] == (
        "Jiangdong Province / Jiangcheng City / Qingshan District")
    assert body["profile"]["category"]["slug"] == "young-cadres"
    assert body["profile"]["position"] == "Deputy head"


def test_bad_token_is_refused(api_client, trainee):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = api_client.get(ME)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_token_of_an_inactive_user_is_refused(api_client, trainee, instructor):
    from rest_framework.authtoken.models import Token

    # Another user's token is looked up first, so the lookup's SQL is compiled and replayed.
    other = Token.objects.create(user=instructor)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {other.key}")
    assert api_client.get(ME).json()["username"] == instructor.username
    token = Token.objects.create(user=trainee)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token.key}")
    assert api_client.get(ME).json()["username"] == "trainee"
    trainee.is_active = False
    trainee.save(update_fields=["is_active"])
    response = api_client.get(ME, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert response.json()["detail"] == "用户未激活或者已删除。"


def test_me_query_count_is_bounded(api_client, trainee, unit_tree, django_assert_max_num_queries):
    api_client.force_authenticate(trainee)
    with django_assert_max_num_queries(6) as few:
        api_client.get(ME)
    for unit in unit_tree.values():
        unit.supervisors.add(trainee)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        body = api_client.get(ME).json()
    assert len(body["supervised_units"]) == 4
    assert len(many.captured_queries) == len(few.captured_queries)


def test_me_for_a_user_without_unit_or_category(api_client, instructor):
    api_client.force_authenticate(instructor)
    body = api_client.get(ME).json()
    assert body["profile"]["work_unit"] is None
    assert body["profile"]["category"] is None
    assert body["roles"] == ["instructor"]


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_health_needs_no_login(api_client):
    assert api_client.get("/api/v1/health/").json() == {"status": "ok"}


def test_token_endpoint_is_throttled(api_client, trainee, settings):
    from django.core.cache import cache

    cache.clear()
    # Ten names, so that the lockout of one name from one address (five failures) is not what
    # stops the eleventh: the throttle counts every attempt from the address.
    responses = [
        api_client.post(TOKEN, {"username": f"someone{i}", "password": "x"}, format="json")
        for i in range(11)
    ]
    assert [r.status_code for r in responses[:10]] == [400] * 10
    assert responses[10].status_code == 429
    assert responses[10].json()["code"] == "throttled"
    cache.clear()


def test_schema_is_valid_openapi_3(client, tmp_path):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/me/" in schema["paths"]
    assert "/api/v1/auth/token/" in schema["paths"]
    # drf-spectacular validates the generated document against the OpenAPI 3 JSON schema.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))


def test_docs_work_offline(client):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower() and "https://" not in html
    assert "/static/drf_spectacular_sidecar/" in html
