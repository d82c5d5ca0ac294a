"""Login forms for staff and applicants."""

from django import forms
from django.utils.translation import gettext_lazy as _


class PasswordLoginForm(forms.Form):
    username = forms.CharField(
        label=_("User name or mobile phone"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PhoneForm(forms.Form):
    phone = forms.RegexField(
        label=_("Mobile phone"),
        regex=r"^1\d{10}$",
        max_length=11,
        error_messages={
            "invalid": _("Enter an 11-digit mobile number starting with 1.")
        },
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "numeric"}),
    )


class CodeLoginForm(PhoneForm):
    code = forms.RegexField(
        label=_("Code from the SMS"),
        regex=r"^\d{6}$",
        max_length=6,
        error_messages={"invalid": _("The code has 6 digits.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("6-digit code from your authenticator app"),
        regex=r"^\d{6}$",
        max_length=6,
        error_messages={"invalid": _("The code has 6 digits.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )


class RegistrationForm(forms.Form):
    """Online registration of a natural person (real-name level L1: name and ID number)."""

    name = forms.CharField(label=_("Full name as on your ID card"), max_length=100)
    id_number = forms.CharField(
        label=_("Resident ID number"),
        max_length=22,
        help_text=_("18 characters; the last may be X."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    phone = PhoneForm.base_fields["phone"]
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=_("At least 10 characters, not only digits."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    agree = forms.BooleanField(
        label=_("I have read and agree to the online service agreement."),
        error_messages={
            "required": _("You must agree to the service agreement to register.")
        },
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data


class EnrolmentCodeForm(forms.Form):
    enrolment_code = forms.CharField(
        label=_("Enrolment code from your administrator"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class SecondFactorForm(forms.Form):
    token = forms.RegexField(
        label=_("6-digit code from your authenticator app, or a recovery code"),
        regex=r"^(\d{6}|[A-Za-z0-9-]{10,14})$",
        max_length=14,
        error_messages={
            "invalid": _(
                "Enter the 6-digit code or a recovery code (like abcd-efgh-jk)."
            )
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none"}
        ),
    )


class SecondFactorAdminForm(forms.Form):
    ISSUE = "issue"
    RESET = "reset"

    username = forms.CharField(label=_("User name"), max_length=150)
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            (ISSUE, _("Issue an enrolment code")),
            (RESET, _("Reset the second factor (lost device)")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason (needed for a reset)"), max_length=300, required=False
    )
