"""Every error under /api/v1/ is the JSON {code, detail}, with DEBUG off and on: unknown
addresses, ids the URL converter refuses, pages that do not exist and bad page sizes."""

import pytest
from django.test import Client

from tests.lms.courses.factories import bulk_courses

pytestmark = pytest.mark.django_db

COURSES = "/api/v1/courses/"

NOT_AN_ADDRESS = [
    "/api/v1/nope/",
    "/api/v1/courses/1234567890123456789012/",  # 22 digits: the <id:…> converter refuses
    "/api/v1/courses/abc/",
    "/api/v1/courses/-1/",
    "/api/v1/courses/١٢/",
    "/api/v1/courses/abc/enrol/",
]


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def _error(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) >= {"code", "detail"} and body["detail"]
    return body


@pytest.mark.parametrize("path", NOT_AN_ADDRESS)
def test_unknown_addresses_are_a_json_404(api_client, trainee, debug, path):
    api_client.force_authenticate(trainee)
    assert _error(api_client.get(path), 404)["code"] == "not_found"


@pytest.mark.parametrize("path", NOT_AN_ADDRESS)
def test_posting_to_an_unknown_address_is_a_json_404_not_a_csrf_page(trainee, debug, path):
    client = Client(enforce_csrf_checks=True)
    client.force_login(trainee)
    assert _error(client.post(path), 404)["code"] == "not_found"


def test_a_missing_slash_still_redirects(api_client, trainee, debug):
    api_client.force_authenticate(trainee)
    response = api_client.get("/api/v1/courses")
    assert response.status_code == 301
    assert response["Location"] == COURSES


def test_pages_outside_the_site_api_stay_html(client, debug):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999", "1" * 30, "²", "1.5"])
def test_a_page_that_does_not_exist_is_a_json_404(api_client, trainee, debug, page):
    bulk_courses(3)
    api_client.force_authenticate(trainee)
    assert _error(api_client.get(COURSES, {"page": page}), 404)["code"] == "not_found"


@pytest.mark.parametrize("size", ["abc", "0", "-5", "1.5", "²", "9" * 1001])
def test_a_bad_page_size_is_a_400_naming_it(api_client, trainee, debug, size):
    api_client.force_authenticate(trainee)
    body = _error(api_client.get(COURSES, {"page_size": size}), 400)
    assert body["code"] == "invalid"
    assert list(body["errors"]) == ["page_size"] and body["errors"]["page_size"]


def test_page_sizes_that_work(api_client, trainee):
    bulk_courses(101)
    api_client.force_authenticate(trainee)
    assert len(api_client.get(COURSES, {"page_size": "7"}).json()["results"]) == 7
    assert len(api_client.get(COURSES, {"page_size": ""}).json()["results"]) == 20  # default
    assert len(api_client.get(COURSES, {"page_size": "1000"}).json()["results"]) == 100  # cut
    assert len(api_client.get(COURSES, {"page_size": "1" * 30}).json()["results"]) == 100


def test_errors_are_in_the_requests_language_without_escapes(client):
    response = client.get("/api/v1/nope/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 404
    assert "此地址没有对应的页面。" in response.content.decode()
