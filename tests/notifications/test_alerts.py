"""Alerts reach the doctor once: an alert's key is what raised it, and the hook after an
analysis delivers what opened without waiting for the sweep."""

from datetime import datetime, timedelta

import pytest
from bson import ObjectId

from exercise_tracker.models import Delivery
from exercise_tracker.notifications.alerts import after_analysis, alert_key
from exercise_tracker.services.alerts import Alert
from tests.factories import attempt
from tests.notifications.servers import channel_settings


@pytest.fixture
def config_overrides(smtp_server, webhook_receiver):
    return {**channel_settings(smtp_server, webhook_receiver), "REDIS_URL": None}


def test_an_alert_keeps_its_key_while_it_stays_open():
    since = datetime(2026, 12, 1, 9)
    monday = Alert("inactive", "medium", "No upload for 7 days while 1 exercise is pending.", since)
    tuesday = Alert(
        "inactive", "medium", "No upload for 8 days while 1 exercise is pending.", since
    )
    assert alert_key("d", "p", monday) == alert_key("d", "p", tuesday)
    later = Alert("inactive", "medium", monday.reason, since + timedelta(days=3))
    assert alert_key("d", "p", later) != alert_key("d", "p", monday)  # a new silence
    video = ObjectId()
    lean = Alert("form_warnings", "medium", "… (trunk_lean) …", since, ObjectId(), video)
    swing = Alert("form_warnings", "medium", "… (arm_swing) …", since, lean.exercise_id, video)
    assert alert_key("d", "p", lean) != alert_key("d", "p", swing)
    assert alert_key("d", "p", lean) != alert_key("other doctor", "p", lean)


def test_an_analysis_that_opens_an_alert_tells_the_doctor_once(
    app, doctor, exercise_for, smtp_server
):
    attempt(app, exercise_for, pain=9)
    with app.app_context():
        after_analysis(ObjectId(exercise_for["assigned_to"]))
        after_analysis(ObjectId(exercise_for["assigned_to"]))  # a reprocessing, say
    [(recipients, email)] = smtp_server.messages
    assert recipients == [doctor.email] and email["Subject"].startswith("Alert: ")
    assert "high pain reported" in email.get_content()
    assert "9/10" not in email.get_content()  # no clinical detail in an e-mail
    assert Delivery.objects(kind="alert").count() == 1
