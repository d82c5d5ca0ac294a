"""Workbench forms for 一件事 bundles: a new bundle (code and name), its name and guide texts
in the three languages, an item added to a step, an item moved to another step.

As in ``catalog.forms``, the forms only parse and type the input; the rules (a published
bundle is not edited, an item is in a bundle once, publication needs live items whose forms
merge) live in ``catalog.services.bundles`` and their errors are put back on the form.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongban.catalog.forms import ModelFieldsForm
from tongban.catalog.models import Bundle, Implementation
from tongban.catalog.services.bundles import BUNDLE_TEXT

MAX_STEP = 20  # a life event of more steps than this is a mistake, not a bundle


def bundle_new_form(data: Any = None) -> ModelFieldsForm:
    return ModelFieldsForm(data, model=Bundle, names=("code", "name"))


def bundle_text_form(bundle: Bundle, data: Any = None) -> ModelFieldsForm:
    return ModelFieldsForm(data, model=Bundle, names=BUNDLE_TEXT, instance=bundle)


class ItemChoice(forms.ModelChoiceField):  # the label names the body and code
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} · {obj.organisation.name} · {obj.code}"


class BundleItemAddForm(forms.Form):
    implementation = ItemChoice(
        label=_("Item (published in your area)"),
        queryset=Implementation.objects.none(),
    )
    step = forms.IntegerField(
        label=_("Step"),
        min_value=1,
        max_value=MAX_STEP,
        initial=1,
        help_text=_(
            "Items of one step are handled at the same time; a later step starts when "
            "every item before it is closed with approval."
        ),
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["implementation"].queryset = candidates  # type: ignore[attr-defined]  # a ModelChoiceField, declared above


class BundleItemMoveForm(forms.Form):
    step = forms.IntegerField(label=_("Step"), min_value=1, max_value=MAX_STEP)
