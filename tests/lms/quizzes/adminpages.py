"""Reading the answers of the quiz admin screens in tests: a page's HTML, a refusal, a sign-in."""

HOME = "/admin/"


def refused(response):
    """Wagtail answers a refused admin request with a 403, or (for a page load) by sending the
    user to the admin's home with a message."""
    return response.status_code == 403 or (response.status_code == 302
                                           and response["Location"] == HOME)


def login_redirect(response):
    return response.status_code == 302 and response["Location"].startswith("/admin/login/")


def page(response):
    assert response.status_code == 200, response.content.decode()[:3000]
    return response.content.decode()
