"""Copies of messages by e-mail and SMS, as each person chooses; the SMS adapter up to the request."""

import json

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured, ValidationError

from gongjian.notifications import services
from gongjian.notifications.models import Notification, Preference
from gongjian.notifications.sms import AliyunBackend, Sms
from gongjian.testing import PASSWORD

ALIYUN = {"access_key_id": "id", "access_key_secret": "secret", "sign_name": "应城共建",
          "template_code": "SMS_123456"}


def _tell(user, title="项目待签收：修复路灯", execute=True, capture=None):
    with capture(execute=execute):
        services.notify(recipients=[user], title=title, kind="project_step", object_type="project", object_id=1)
    return Notification.objects.filter(recipient=user).latest("id")


def test_e_mail_copy_by_default_and_no_sms(city, django_capture_on_commit_callbacks):
    city.unit_user.email, city.unit_user.phone = "unit@example.cn", "13900001111"
    city.unit_user.save()
    n = _tell(city.unit_user, capture=django_capture_on_commit_callbacks)
    assert n.email_state == "sent" and n.sms_state == "none"
    assert mail.outbox[-1].to == ["unit@example.cn"]


def test_a_person_who_chose_sms_gets_a_text_and_no_mail(city, django_capture_on_commit_callbacks, caplog, settings):
    settings.GONGJIAN_SMS_BACKEND = "gongjian.notifications.sms.ConsoleBackend"
    city.unit_user.email, city.unit_user.phone = "unit@example.cn", "13900001111"
    city.unit_user.save()
    services.notification_preference_save(user=city.unit_user, email=False, sms=True)
    caplog.set_level("INFO", logger="gongjian.notifications.sms")
    n = _tell(city.unit_user, capture=django_capture_on_commit_callbacks)
    assert (n.email_state, n.sms_state) == ("none", "sent") and n.smsed_at
    assert not mail.outbox
    assert "13900001111" in caplog.text and "修复路灯" in caplog.text


def test_sms_is_not_chosen_without_a_phone_and_nothing_changes(city):
    with pytest.raises(ValidationError):
        services.notification_preference_save(user=city.unit_user, email=True, sms=True)
    assert not Preference.objects.filter(user=city.unit_user).exists()


def test_a_failing_sms_provider_marks_the_copy_failed_and_keeps_the_message(city, django_capture_on_commit_callbacks,
                                                                           settings):
    settings.GONGJIAN_SMS_BACKEND = "gongjian.notifications.tests.test_channels.BrokenBackend"
    city.unit_user.phone = "13900001111"
    city.unit_user.save()
    services.notification_preference_save(user=city.unit_user, email=False, sms=True)
    n = _tell(city.unit_user, capture=django_capture_on_commit_callbacks)
    assert n.sms_state == "failed" and Notification.objects.filter(pk=n.pk).exists()


class BrokenBackend:
    def send(self, messages):
        raise ConnectionError("provider down")


class FakeAliyunClient:
    """Stands in for Alibaba Cloud: records the requests it is given and answers OK."""

    def __init__(self):
        self.requests = []

    def send_sms(self, request):
        self.requests.append(request)
        return type("Response", (), {"body": type("Body", (), {"code": "OK", "message": "OK"})()})()


def test_aliyun_request_carries_phone_signature_template_and_short_title():
    backend = AliyunBackend(ALIYUN, client=FakeAliyunClient())
    request = backend.request_for(Sms(phone="13900001111", title="督办：" + "很长的项目名称" * 10))
    sent = request.to_map()
    assert (sent["PhoneNumbers"], sent["SignName"], sent["TemplateCode"]) == ("13900001111", "应城共建", "SMS_123456")
    title = json.loads(sent["TemplateParam"])["title"]
    assert len(title) == 35 and title.endswith("…")


def test_aliyun_backend_sends_one_request_per_message():
    client = FakeAliyunClient()
    assert AliyunBackend(ALIYUN, client=client).send([Sms("13900001111", "a"), Sms("13900002222", "b")]) == 2
    assert [r.phone_numbers for r in client.requests] == ["13900001111", "13900002222"]


def test_aliyun_backend_without_keys_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured):
        AliyunBackend({"sign_name": "应城共建"})


def test_preferences_page_saves_the_persons_choice(client, city):
    client.login(username="unit", password=PASSWORD)
    assert "通知方式" in client.get("/staff/inbox/settings/").content.decode()
    response = client.post("/staff/inbox/settings/", {"email": ""})
    assert response.status_code == 302
    assert Preference.objects.get(user=city.unit_user).email is False


def test_preferences_page_refuses_sms_without_a_phone(client, city):
    client.login(username="unit", password=PASSWORD)
    response = client.post("/staff/inbox/settings/", {"email": "on", "sms": "on"})
    assert response.status_code == 400 and "没有登记手机号" in response.content.decode()
    assert not Preference.objects.filter(user=city.unit_user).exists()


def test_preferences_page_needs_sign_in(client, db):
    assert client.get("/staff/inbox/settings/").status_code == 302
