"""Page forms: the rating (level, secondary indicators of the set, content options, comment)
and a rectification action's form derived from the action's request serializer."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from tongban.evaluations.domain.codes import GoodOption, Level
from tongban.evaluations.domain.indicators import SetKind, current_set
from tongban.evaluations.domain.rating import Rating
from tongban.evaluations.models import CONTENT_LABELS, LEVEL_LABELS

INDICATOR_LABELS = {
    "efficiency": _("efficiency"),
    "guide_accuracy": _("accuracy of the service guide"),
    "convenience": _("convenience"),
    "platform_usability": _("ease of use of the platform"),
    "service_level": _("quality of service"),
    "attitude": _("service attitude"),
}
GOOD_LABELS = {
    GoodOption.FAST: _("quick"),
    GoodOption.CLEAR_GUIDE: _("clear guide"),
    GoodOption.FRIENDLY: _("friendly staff"),
    GoodOption.FEW_VISITS: _("few trips"),
    GoodOption.EASY_ONLINE: _("easy online"),
}


CHOICE_LABELS: dict[str, dict[str, Any]] = {
    "content_class": {k.value: v for k, v in CONTENT_LABELS.items()},
    "outcome": {
        "satisfied": _("satisfied with the rectification"),
        "unsatisfied": _("not satisfied with the rectification"),
        "unreachable": _("could not be reached"),
    },
}


def _level_choices() -> list[tuple[str, Any]]:
    return [(str(level.value), LEVEL_LABELS[level]) for level in Level]


class RatingForm(forms.Form):
    level = forms.ChoiceField(
        label=_("How satisfied are you?"),
        choices=_level_choices,
        widget=forms.RadioSelect,
    )
    good = forms.MultipleChoiceField(
        label=_("If satisfied: what went well"),
        choices=[(k.value, v) for k, v in GOOD_LABELS.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    bad = forms.MultipleChoiceField(
        label=_("If dissatisfied: what went wrong (choose at least one)"),
        choices=[(k.value, v) for k, v in CONTENT_LABELS.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    text = forms.CharField(
        label=_("Comment (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=500,
    )

    def __init__(self, *args: Any, kind: SetKind, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *_level_choices()]
        for name in current_set(kind).secondary:
            self.fields[f"score_{name}"] = forms.ChoiceField(
                label=INDICATOR_LABELS[name], choices=choices, required=False
            )

    def rating(self) -> Rating:
        data = self.cleaned_data
        level = Level(int(data["level"]))
        # The options of the level chosen: the other group's ticks are not the rating's.
        options = data["bad"] if level.is_bad else data["good"]
        scores = {
            name[6:]: int(value)
            for name, value in data.items()
            if name.startswith("score_") and value
        }
        return Rating(
            level=int(level), scores=scores, options=list(options), text=data["text"]
        )


def action_form(request_class: Any, data: Any = None) -> forms.Form:
    """A page form with the fields of an action's request serializer: choices as a select,
    text as a text area."""
    form = forms.Form(data)
    for name, field in request_class().fields.items():
        if isinstance(field, serializers.ChoiceField):
            labels = CHOICE_LABELS.get(name, {})
            choices = [(k, labels.get(k, k)) for k in field.choices]
            form.fields[name] = forms.ChoiceField(label=_label(name), choices=choices)
        else:
            form.fields[name] = forms.CharField(
                label=_label(name),
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=2000,
            )
    return form


def _label(name: str) -> Any:
    return {
        "reasons": _("Reasons / what was done"),
        "content_class": _("Class of the bad review"),
        "outcome": _("Callback outcome"),
    }.get(name, name)
