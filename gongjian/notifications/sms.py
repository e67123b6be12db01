"""Text messages (短信) through an adapter chosen by the setting GONGJIAN_SMS_BACKEND:

- `gongjian.notifications.sms.ConsoleBackend` (the default): writes each message to the log, sends
  nothing — for development and for a city that has no SMS contract yet;
- `gongjian.notifications.sms.AliyunBackend`: Alibaba Cloud SMS (阿里云短信服务) through its official SDK
  (`alibabacloud-dysmsapi20170525`), configured by GONGJIAN_SMS_ALIYUN = {"access_key_id",
  "access_key_secret", "sign_name", "template_code"[, "endpoint"]}.

Chinese SMS providers send only registered templates: the city registers one such as
“您有一条共建平台消息：${title}，请登录查看。” and names it in `template_code`; the message's title is
its one parameter, cut to the providers' 35-character limit for a variable.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

TITLE_LIMIT = 35


@dataclass(frozen=True)
class Sms:
    phone: str
    title: str

    @property
    def params(self) -> dict[str, str]:
        title = self.title if len(self.title) <= TITLE_LIMIT else self.title[:TITLE_LIMIT - 1] + "…"
        return {"title": title}


class ConsoleBackend:
    """Logs the messages instead of sending them."""

    def send(self, messages: list[Sms]) -> int:
        for message in messages:
            log.info("SMS to %s: %s", message.phone, json.dumps(message.params, ensure_ascii=False))
        return len(messages)


class AliyunBackend:
    """阿里云短信服务 (Dysmsapi 2017-05-25, SendSms): one request per message."""

    def __init__(self, config: dict | None = None, client=None):
        self.config = config if config is not None else getattr(settings, "GONGJIAN_SMS_ALIYUN", {})
        missing = [k for k in ("access_key_id", "access_key_secret", "sign_name", "template_code")
                   if not self.config.get(k)]
        if missing:
            raise ImproperlyConfigured(f"GONGJIAN_SMS_ALIYUN 缺少 {', '.join(missing)}")
        self._client = client

    @property
    def client(self):
        if self._client is None:
            from alibabacloud_dysmsapi20170525.client import Client
            from alibabacloud_tea_openapi import models as open_api

            self._client = Client(open_api.Config(
                access_key_id=self.config["access_key_id"], access_key_secret=self.config["access_key_secret"],
                endpoint=self.config.get("endpoint", "dysmsapi.aliyuncs.com")))
        return self._client

    def request_for(self, message: Sms):
        """The SendSms request for one message (what would go to Alibaba Cloud)."""
        from alibabacloud_dysmsapi20170525 import models as dysms

        return dysms.SendSmsRequest(phone_numbers=message.phone, sign_name=self.config["sign_name"],
                                    template_code=self.config["template_code"],
                                    template_param=json.dumps(message.params, ensure_ascii=False))

    def send(self, messages: list[Sms]) -> int:
        sent = 0
        for message in messages:
            response = self.client.send_sms(self.request_for(message))
            body = getattr(response, "body", None)
            if getattr(body, "code", None) == "OK":
                sent += 1
            else:
                log.warning("SMS to %s refused: %s %s", message.phone, getattr(body, "code", None),
                            getattr(body, "message", None))
        return sent


def sms_backend():
    path = getattr(settings, "GONGJIAN_SMS_BACKEND", "gongjian.notifications.sms.ConsoleBackend")
    return import_string(path)()
