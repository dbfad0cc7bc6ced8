from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from jigsaw.timescales.services import bank_holiday_add_closure

pytestmark = pytest.mark.django_db

NOV_2026 = datetime(2026, 11, 21, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@time_machine.travel(NOV_2026, tick=False)
def test_signed_in_user_sees_rules_and_this_and_next_years_holidays(signed_in):
    bank_holiday_add_closure(on=date(2026, 12, 30), name="Council offices closed")
    client = signed_in()
    response = client.get(reverse("timescales:rules"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hold the initial child protection conference" in page
    assert "15 working days" in page
    assert "Section 47 enquiries started" in page
    assert "Child protection chair / IRO, team manager, social worker" in page
    assert "Early May bank holiday" in page
    assert "Monday 28 December 2026" in page
    assert "Boxing Day (substitute day)" in page
    assert "Friday 26 March 2027" in page  # Good Friday next year
    assert "Council offices closed" in page
    assert "Bank holidays and closures in 2027" in page
    assert "Bank holidays and closures in 2028" not in page


@time_machine.travel(NOV_2026, tick=False)
def test_overridden_local_rule_shows_both_amounts(signed_in, settings):
    settings.JIGSAW_TIMESCALE_OVERRIDES = {"strategy_discussion": 2}
    page = signed_in().get(reverse("timescales:rules")).content.decode()
    assert "2 working days" in page
    assert "usually 1 working day" in page


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("timescales:rules"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))
