"""Putting a service's error back on the page form that caused it."""

from django import forms
from django.core.exceptions import ValidationError

from tongban.core.api.problems import Problem


def show_service_error(form: forms.Form, error: ValidationError | Problem) -> None:
    """Attach a service error to the form: field errors to their field when the form
    has it, everything else (and ``Problem`` details) to the whole form."""
    if isinstance(error, Problem):
        form.add_error(None, str(error.detail))
        return
    by_field: dict[str, list[ValidationError]] = (
        error.error_dict if hasattr(error, "error_dict") else {"": error.error_list}
    )
    for key, errors in by_field.items():
        target = key if key in form.fields else None
        for item in errors:
            for message in item.messages:
                form.add_error(target, message)
