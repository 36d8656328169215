"""Services lane: the same recovery code, or the same authenticator code, sent twice at once on
PostgreSQL is accepted once."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from lms.security import services
from lms.security.models import SecurityEvent
from tests.lms.core.factories import UserFactory
from tests.services.test_enrolment_race import race

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True),
              pytest.mark.two_factor]


@pytest.fixture
def officer(services_lane):
    user = UserFactory(username="officer", roles=("curator",))
    device = services.totp_pending(user)
    code = TOTP(device.bin_key, device.step, device.t0, device.digits).token()
    confirmed = services.totp_confirm(user=user, device=device, code=f"{code:06d}")
    assert confirmed is not None
    return user, confirmed[1]


def test_a_recovery_code_sent_twice_at_once_works_once(officer):
    user, codes = officer
    results, errors = race([lambda: services.two_factor_check(user=user, code=codes[0])] * 4)
    assert not errors, errors
    assert sum(device is not None for device in results) == 1
    assert services.recovery_codes_left(user) == 9
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.RECOVERY_CODE_USED).count() == 1


def test_an_authenticator_code_sent_twice_at_once_works_once(officer):
    user, _codes = officer
    device = TOTPDevice.objects.get(user=user)
    device.last_t = -1  # the set-up's code spent no step of this test
    device.save(update_fields=["last_t"])
    code = f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"
    results, errors = race([lambda: services.two_factor_check(user=user, code=code)] * 4)
    assert not errors, errors
    assert sum(device is not None for device in results) == 1
