"""Login and registration forms for staff and applicants."""

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tongban.accounts.models import User
from tongban.core.domain.identifiers import normalise
from tongban.core.validators import validate_resident_id
from tongban.regions import selectors as region_selectors


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
    """Online registration of a natural person (real-name level L1: name and ID number),
    second step: the phone was given in the first and gets the code. Every check that needs
    no database runs here, so all mistakes are shown at once."""

    code = forms.RegexField(
        label=_("Code from the SMS"),
        regex=r"^\d{6}$",
        max_length=6,
        error_messages={"invalid": _("The code has 6 digits.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )
    name = forms.CharField(label=_("Full name as on your ID card"), max_length=100)
    id_number = forms.CharField(
        label=_("Resident ID number"),
        max_length=22,
        help_text=_("18 characters; the last may be X."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
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

    def __init__(self, *args: Any, phone: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.phone = phone

    def clean_id_number(self) -> str:
        number = normalise(self.cleaned_data["id_number"])
        validate_resident_id(number, division_known=region_selectors.division_exists)
        return number

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password = data.get("password")
        if password and password != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        if password:
            user = User(
                username=self.phone,
                phone=self.phone,
                full_name=data.get("name", ""),
                kind=User.Kind.APPLICANT,
            )
            try:
                validate_password(password, user)
            except ValidationError as error:
                self.add_error("password", error)
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
