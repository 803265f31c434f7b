"""The site's form renderer: Django's, with a field template that marks required fields."""

from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    # ``{{ field.as_field_group }}`` and ``{{ form }}`` render each field with this template.
    field_template_name = "core/forms/field.html"
