"""Masking of personal data for public pages, exports and roles that do not need it."""


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
