"""Input checks the supervision services share."""


def required_text(errors: dict, field: str, value: str, message: str) -> str:
    """`value` stripped; an empty one adds `message` to `errors` under `field`."""
    value = (value or "").strip()
    if not value:
        errors[field] = [message]
    return value
