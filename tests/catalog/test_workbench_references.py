"""A manager names, on the catalogue pages, the e-certificate type a version's result
issues and the certificate type or data source a material is satisfied by; a code that
names nothing is refused next to its field, in the manager's language, by the page and by
the service."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from tongban.catalog import selectors, services
from tongban.catalog.models import ImplementationVersion
from tongban.certificates import services as certificates
from tongban.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def licence_type(orgs):
    return certificates.certificate_type_save(
        code="YYZZ",
        names={"zh_hans": "营业执照", "bo": "ཚོང་ལས་ལག་ཁྱེར།", "en": "Business licence"},
        organisations=[orgs["lhasa"]],
        fields=[{"key": "company_name", "kind": "text", "label": "企业名称"}],
        validity_years=5,
        actor=SYSTEM,
    )


@pytest.fixture
def as_manager(client, manager):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(manager)
    return client


@pytest.fixture
def draft(as_manager, implementation, publish) -> ImplementationVersion:
    publish(implementation)
    as_manager.post(f"/workbench/catalog/{implementation.uuid}/draft")
    return selectors.version_open(implementation=implementation)


def _url(draft: ImplementationVersion, rest: str = "") -> str:
    return f"/workbench/catalog/{draft.implementation.uuid}/v{draft.number}/{rest}"


def _initial(form) -> dict:
    return {k: v for k, v in form.initial.items() if v is not None and v is not False}


def test_the_result_certificate_type_is_picked_from_the_existing_types(
    as_manager, draft
):
    form = as_manager.get(_url(draft)).context["edit_form"]
    assert ("YYZZ", "YYZZ Business licence") in form.fields[
        "result_certificate_type"
    ].choices
    data = {**_initial(form), "result_type": "licence"}
    data["result_certificate_type"] = "YYZZ"
    response = as_manager.post(_url(draft), data)
    assert response.status_code == 302, response.context["edit_form"].errors
    draft.refresh_from_db()
    assert (draft.result_type, draft.result_certificate_type) == ("licence", "YYZZ")


def test_a_result_certificate_type_that_does_not_exist_is_refused_on_the_page(
    as_manager, draft
):
    form = as_manager.get(_url(draft)).context["edit_form"]
    response = as_manager.post(
        _url(draft), {**_initial(form), "result_certificate_type": "NOPE"}
    )
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.result_certificate_type == ""


def test_the_service_refuses_an_unknown_type_with_a_translated_message(manager, draft):
    messages = {}
    for language in ("bo", "en"):
        with translation.override(language), pytest.raises(ValidationError) as raised:
            services.version_update(
                actor=manager, version=draft, result_certificate_type="NOPE"
            )
        error = raised.value.error_dict["result_certificate_type"][0]
        assert error.code == "unknown_certificate_type"
        messages[language] = str(error.message)
    assert "no e-certificate type with the code NOPE" in messages["en"]
    assert "NOPE" in messages["bo"]
    assert "གློག་རྡུལ་ལག་ཁྱེར" in messages["bo"]  # in the manager's language


def test_a_material_names_its_certificate_type_and_data_source_on_the_page(
    as_manager, draft
):
    material = draft.materials.get()
    url = _url(draft, f"materials/{material.pk}/")
    form = as_manager.get(url).context["form"]
    assert ("household", "household registration") in form.fields["data_source"].choices
    data = {**_initial(form), "e_certificate_type": "YYZZ", "data_source": "household"}
    response = as_manager.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    material.refresh_from_db()
    assert (material.e_certificate_type, material.data_source) == ("YYZZ", "household")


def test_a_material_naming_an_unknown_source_is_refused_by_the_service(manager, draft):
    material = draft.materials.get()
    with pytest.raises(ValidationError) as raised:
        services.child_update(actor=manager, child=material, data_source="nowhere")
    assert raised.value.error_dict["data_source"][0].code == "unknown_data_source"
    material.refresh_from_db()
    assert material.data_source == ""


def test_a_stored_code_that_names_nothing_stays_visible_on_the_form(manager, draft):
    ImplementationVersion.objects.filter(pk=draft.pk).update(
        result_certificate_type="GONE"
    )
    draft.refresh_from_db()
    from tongban.catalog.forms import version_form

    form = version_form(draft)
    assert ("GONE", "GONE") in form.fields["result_certificate_type"].choices
