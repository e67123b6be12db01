"""How every form field of the site is drawn: one field template (templates/forms/field.html)."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Django's renderer with the site's field template: the label as written, no colon added."""

    field_template_name = "forms/field.html"
