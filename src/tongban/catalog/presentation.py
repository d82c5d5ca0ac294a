"""What the guide pages say in plain words: time limits, the handling steps (flowchart
and text), which translations are missing, the context every guide template shares, and
the workbench's readable version history and completeness. Translated strings use named
placeholders (STYLE.md rule 27)."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.safestring import mark_safe
from django.utils.translation import (
    get_language,
    get_language_info,
    gettext_lazy,
    ngettext,
)
from django.utils.translation import gettext as _

from tongban.catalog.domain.flowchart import Step, flowchart_svg
from tongban.catalog.facts import tr
from tongban.catalog.fields import CHILD_MODELS, translated_fields
from tongban.catalog.models import ImplementationVersion
from tongban.catalog.models.choices import CaseType, TimeUnit


def limit_in_words(count: int | None, unit: str) -> str:
    if count is None:
        return _("not stated")
    if count == 0:
        return _("on the spot")
    if unit == TimeUnit.NATURAL_DAYS:
        return ngettext("{count} calendar day", "{count} calendar days", count).format(
            count=count
        )
    return ngettext("{count} working day", "{count} working days", count).format(
        count=count
    )


def limits_sentence(version: ImplementationVersion) -> str:
    if version.case_type == CaseType.INSTANT:
        return _("Decided on the spot when your materials are complete.")
    promised = limit_in_words(version.promised_limit, version.promised_unit)
    statutory = limit_in_words(version.statutory_limit, version.statutory_unit)
    return _(
        "We promise a decision within {promised} after accepting your application "
        "(the law allows {statutory})."
    ).format(promised=promised, statutory=statutory)


def flow_steps(version: ImplementationVersion) -> list[Step]:
    """The handling steps of the guide: drawn as the flowchart on the page, listed as
    text in the printed guide."""
    steps = [Step(_("Apply online or at a counter"))]
    if version.case_type == CaseType.INSTANT:
        steps += [Step(_("Acceptance and decision on the spot"))]
    else:
        steps += [
            Step(_("Acceptance"), _("or a one-time list of what is missing")),
            Step(
                _("Review"),
                limit_in_words(version.promised_limit, version.promised_unit),
            ),
        ]
        special = list(version.special_procedures.all())
        if special:
            names = "、".join(str(p.name) for p in special)
            steps.append(Step(_("Special procedures"), names[:40]))
        steps.append(Step(_("Decision")))
    steps.append(Step(_("Receive the result"), str(version.result_name or "")[:40]))
    return steps


def flowchart(version: ImplementationVersion) -> str:
    return flowchart_svg(flow_steps(version), title=_("How this service is handled"))


def guide_context(version: ImplementationVersion, *, short: bool) -> dict[str, Any]:
    """What the guide templates (page, preview, print) need, in the active language."""
    return {
        "version": version,
        "item": version.implementation.basic_item,
        "implementation": version.implementation,
        "short": short,
        "limits": limits_sentence(version),
        "statutory": limit_in_words(version.statutory_limit, version.statutory_unit),
        "promised": limit_in_words(version.promised_limit, version.promised_unit),
        "steps": flow_steps(version),
        # built from escaped labels by domain/flowchart.py
        "flowchart": mark_safe(flowchart(version)),  # noqa: S308
        "translation_note": missing_translation(version),
    }


def untranslated_fields(
    version: ImplementationVersion, lang: str
) -> list[tuple[Any, str]]:
    """``(instance, field)`` for every piece of the guide's catalogue content written in
    Chinese but not in ``lang`` (``bo``, ``en``): the item, the version and its child rows
    (materials, fees, FAQ, …). Children come from the guide's prefetched rows."""
    lang = lang.replace("-", "_")
    instances: list[Any] = [version.implementation.basic_item, version]
    for relation in CHILD_MODELS:
        instances.extend(getattr(version, relation).all())
    return [
        (instance, field)
        for instance in instances
        for field in translated_fields(type(instance))
        if tr(instance, field) and not tr(instance, field, lang)
    ]


def missing_translation(version: ImplementationVersion) -> str:
    """A note when some of the guide is not available in the visitor's language (""
    otherwise), so a Tibetan or English reader knows why Chinese text appears."""
    language = get_language() or "zh-hans"
    if language.startswith("zh"):
        return ""
    if not untranslated_fields(version, language):
        return ""
    return _(
        "This guide has not been fully translated into {language} yet; the Chinese "
        "text is shown where a translation is missing."
    ).format(language=get_language_info(language)["name_local"])


# Labels of the completeness blocks (domain/guide.py COMPLETENESS_BLOCKS).
BLOCK_LABELS = {
    "legal_basis": gettext_lazy("legal basis"),
    "conditions": gettext_lazy("conditions"),
    "materials": gettext_lazy("materials"),
    "process": gettext_lazy("process"),
    "statutory_limit": gettext_lazy("statutory time limit"),
    "promised_limit": gettext_lazy("promised time limit"),
    "case_type": gettext_lazy("case type"),
    "service_objects": gettext_lazy("service objects"),
    "handling_forms": gettext_lazy("handling forms"),
    "fees": gettext_lazy("fees"),
    "location": gettext_lazy("where to apply"),
    "hours": gettext_lazy("when to apply"),
    "consultation": gettext_lazy("consultation"),
    "complaint": gettext_lazy("supervision and complaints"),
    "result": gettext_lazy("result"),
    "faq": gettext_lazy("frequently asked questions"),
    "online": gettext_lazy("online handling"),
    "translation_bo": gettext_lazy("Tibetan translation"),
}
LANGUAGE_SUFFIXES = {"_zh_hans": "", "_bo": " (bo)", "_en": " (en)"}


def completeness_missing(missing: tuple[str, ...]) -> list[str]:
    return [str(BLOCK_LABELS.get(block, block)) for block in missing]


def change_label(key: str) -> str:
    """A readable label for a key of ``version_diff``: the field's verbose name, the
    language of a translation, or the child rows' plural name."""
    suffix = ""
    for ending, shown in LANGUAGE_SUFFIXES.items():
        if key.endswith(ending):
            key, suffix = key.removesuffix(ending), shown
            break
    if key in CHILD_MODELS:
        return str(CHILD_MODELS[key]._meta.verbose_name_plural) + suffix
    try:
        field = ImplementationVersion._meta.get_field(key)
    except FieldDoesNotExist:
        return key + suffix
    return str(getattr(field, "verbose_name", key)) + suffix


def change_value(value: Any) -> str:
    """A changed value in short: child rows by their names, blanks as a dash."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        names = (
            str(row.get("name_zh_hans") or row.get("label_zh_hans") or row.get("key"))
            for row in value
        )
        return "、".join(names)
    return str(value)


def history_rows(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``selectors.version_history`` with each change as (label, old, new) text and the
    status in words."""
    return [
        entry
        | {
            "status_label": ImplementationVersion.Status(entry["status"]).label,
            "rows": [
                (change_label(key), change_value(old), change_value(new))
                for key, (old, new) in entry["changes"].items()
            ],
        }
        for entry in history
    ]


THEME_LABELS = {
    "p_birth": gettext_lazy("Birth and adoption"),
    "p_household": gettext_lazy("Household registration"),
    "p_education": gettext_lazy("Education and research"),
    "p_employment": gettext_lazy("Jobs and starting a business"),
    "p_marriage": gettext_lazy("Marriage registration"),
    "p_social_security": gettext_lazy("Social security"),
    "p_housing": gettext_lazy("Housing"),
    "p_documents": gettext_lazy("Identity documents"),
    "p_transport": gettext_lazy("Transport and travel"),
    "p_health": gettext_lazy("Health care"),
    "p_retirement": gettext_lazy("Leaving work and retirement"),
    "p_death": gettext_lazy("Death and funerals"),
    "l_establish": gettext_lazy("Setting up and changes"),
    "l_permits": gettext_lazy("Permits to operate"),
    "l_qualification": gettext_lazy("Qualifications and certification"),
    "l_tax": gettext_lazy("Tax and finance"),
    "l_human_resources": gettext_lazy("Human resources"),
    "l_investment": gettext_lazy("Investment approval"),
    "l_construction": gettext_lazy("Planning and construction"),
    "l_trade": gettext_lazy("Commerce and trade"),
    "l_agriculture": gettext_lazy("Farming, forestry and herding"),
    "l_deregister": gettext_lazy("Closing an organisation"),
}


# The special lists of selectors.SPECIAL_LISTS as the public pages name them.
SPECIAL_LIST_LABELS = {
    "at_most_one_visit": gettext_lazy("At most one visit"),
    "fully_online": gettext_lazy("Fully online"),
    "instant": gettext_lazy("Decided on the spot"),
    "tolerance_acceptance": gettext_lazy("Accepted with minor gaps"),
    "notification_pledge": gettext_lazy("Notification and pledge"),
    "in_region": gettext_lazy("Anywhere in the region"),
    "cross_province": gettext_lazy("Across provinces"),
}


def special_list_links() -> list[tuple[str, str]]:
    """``(code, label in the current language)`` of every special list."""
    return [(code, str(label)) for code, label in SPECIAL_LIST_LABELS.items()]


def theme_links(themes: Mapping[str, str]) -> list[tuple[str, str]]:
    """``(code, label in the current language)`` for a theme table."""
    return [(code, str(THEME_LABELS[code])) for code in themes]


def where_to_apply(version: ImplementationVersion) -> str:
    """Where an application for ``version`` may be handed in, from its 通办 scope: the
    handling organisation only, any hall of an area (its prefecture or region), or any
    hall at all (跨省, 全国) — the special lists show it beside each item."""
    from tongban.catalog.domain.reach import reach_area_code
    from tongban.regions import selectors as region_selectors

    implementation = version.implementation
    code = reach_area_code(
        scope=version.service_scope, handling_code=implementation.division.code
    )
    if code is None:
        return _("at {organisation} only").format(
            organisation=implementation.organisation.name
        )
    if code == "":
        return _("at any service hall, in this region or another province")
    area = region_selectors.division_get(code=code)
    return _("at any service hall in {area}").format(area=area.name if area else code)
