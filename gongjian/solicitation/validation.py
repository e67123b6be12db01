"""What an opinion's text fields may hold — the one validator of every channel: the public form, the
public API, Open311, staff entry (page and API) and imports. The service `opinion_create` applies it,
so no channel can store what another refuses; forms and imports call the same checks to report them
next to the field or row."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

MAX_CONTENT_CHARS = 5000
MAX_NAME_CHARS = 50
MAX_PHONE_CHARS = 30
MAX_FORM_NO_CHARS = 50
# Digits and the separators people write in phone numbers: 0712-1234567, +86 139 1234 5678, (0712)…
PHONE_RE = re.compile(r"^[0-9+\-() ]{3,30}$")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

CONTENT_EMPTY = "意见内容不能为空"
PHONE_INVALID = "电话号码只能有数字和 - + ( )"


def unstorable(text: str) -> bool:
    """A NUL or a lone surrogate (JSON's "\\ud800"): no database stores it as text."""
    return _UNSTORABLE.search(text) is not None


def content_error(content: str) -> str | None:
    if not content:
        return CONTENT_EMPTY
    if len(content) > MAX_CONTENT_CHARS:
        return f"意见内容太长（{len(content)} 字），不能超过 {MAX_CONTENT_CHARS} 字"
    if unstorable(content):
        return "意见内容含有无法保存的字符"
    return None


def phone_error(phone: str) -> str | None:
    if phone and not PHONE_RE.match(phone):
        return f"电话“{phone[:40].encode('utf-8', 'replace').decode()}”格式不对，{PHONE_INVALID}"
    return None


def name_error(name: str) -> str | None:
    if len(name) > MAX_NAME_CHARS:
        return f"姓名太长（不能超过 {MAX_NAME_CHARS} 字）"
    if unstorable(name):
        return "姓名含有无法保存的字符"
    return None


def form_no_error(form_no: str) -> str | None:
    if len(form_no) > MAX_FORM_NO_CHARS:
        return f"表号太长（不能超过 {MAX_FORM_NO_CHARS} 字）"
    if unstorable(form_no):
        return "表号含有无法保存的字符"
    return None


def opinion_text_errors(*, content: str, submitter_name: str = "", submitter_phone: str = "",
                        form_no: str = "") -> dict[str, str]:
    """field → message for each text field that may not be stored (values already stripped)."""
    checks = {"content": content_error(content), "submitter_name": name_error(submitter_name),
              "submitter_phone": phone_error(submitter_phone), "form_no": form_no_error(form_no)}
    return {field: message for field, message in checks.items() if message}


def opinion_text_clean(*, content, submitter_name="", submitter_phone="", form_no="") -> dict[str, str]:
    """The fields stripped, or ValidationError naming each field that may not be stored."""
    raw = {"content": content, "submitter_name": submitter_name, "submitter_phone": submitter_phone,
           "form_no": form_no}
    wrong = {field: ["须为文字"] for field, value in raw.items() if value is not None and not isinstance(value, str)}
    if wrong:
        raise ValidationError(wrong)
    values = {field: (value or "").strip() for field, value in raw.items()}
    errors = opinion_text_errors(**values)
    if errors:
        raise ValidationError({field: [message] for field, message in errors.items()})
    return values


def validate_phone(value: str) -> None:
    """A form field validator with the same rule."""
    message = phone_error((value or "").strip())
    if message:
        raise ValidationError(PHONE_INVALID)

