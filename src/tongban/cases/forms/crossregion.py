"""Forms of 跨域通办 / 代收代办: where the application was taken in and where its result
goes (at intake), and the courier legs (on the 代收 page)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongban.cases.domain.crossregion import Delivery
from tongban.cases.forms.common import ServiceErrorsMixin
from tongban.cases.models_crossregion import DELIVERY_CHOICES


class ProxyIntakeForm(ServiceErrorsMixin, forms.Form):
    prefix = "proxy"

    hall = forms.ChoiceField(label=_("Receiving hall"))
    delivery = forms.ChoiceField(
        label=_("Where the applicant receives the result"),
        choices=DELIVERY_CHOICES,
        initial=Delivery.RECEIVING_HALL.value,
        widget=forms.RadioSelect,
    )
    delivery_address = forms.CharField(
        label=_("Postal address (for a result by post)"),
        max_length=300,
        required=False,
    )

    def __init__(self, *args: Any, halls: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.halls = {str(hall.uuid): hall for hall in halls}
        field = self.fields["hall"]
        if isinstance(field, forms.ChoiceField):  # always; narrows the type
            field.choices = [(key, h.name) for key, h in self.halls.items()]

    def chosen_hall(self) -> Any:
        return self.halls[self.cleaned_data["hall"]]


class CourierForm(ServiceErrorsMixin, forms.Form):
    courier = forms.CharField(label=_("Courier company"), max_length=60)
    tracking_number = forms.RegexField(
        label=_("Tracking number"),
        regex=r"^[A-Za-z0-9-]{6,40}$",
        max_length=40,
        error_messages={"invalid": _("Letters, digits and dashes, 6 to 40.")},
    )

    def to_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class ProxyNoteForm(ServiceErrorsMixin, forms.Form):
    reasons = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea
    )

    def to_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)
