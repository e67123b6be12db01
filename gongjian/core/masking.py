"""Masking of personal data for public pages, exports and roles that do not need it."""

import re


def mask_phone(phone: str | None) -> str:
    """138****5678 for a mobile; keep only the last four digits of anything else."""
    if not phone:
        return ""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) == 11:
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) >= 4:
        return "*" * (len(digits) - 4) + digits[-4:]
    return "*" * len(digits)


def mask_name(name: str | None) -> str:
    """张** : the family name stays, the rest is hidden (a one-character name becomes *)."""
    if not name:
        return ""
    name = name.strip()
    if len(name) <= 1:
        return "*"
    return name[0] + "*" * (len(name) - 1)


def mask_id_number(number: str | None) -> str:
    """420981********1234: region and last four digits only."""
    if not number:
        return ""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


# An 18-character resident ID (last character may be X), a mainland mobile (optionally +86), or a
# landline with its area code: the forms residents write numbers in, inside free text.
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}\d{2}\d{2}\d{3}[\dXx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")


def mask_text(text: str | None) -> str:
    """Free text as the public may read it: phone and ID numbers written into it are masked."""
    if not text:
        return ""
    text = _ID_NUMBER.sub(lambda m: mask_id_number(m.group(0)), text)
    text = _MOBILE.sub(lambda m: mask_phone(m.group(0)), text)
    return _LANDLINE.sub(lambda m: mask_phone(m.group(0)), text)
