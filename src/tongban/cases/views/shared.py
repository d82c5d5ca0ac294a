"""The clerk's "ask the data source again" on a case whose source was down (a record
received replaces the applicant's upload, ``services.shared_materials``), and the values
a shared material received, shown to staff who may see the case; each showing is logged
in the access log for the case's number, so the applicant sees who looked."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongban.cases import selectors
from tongban.cases.models import CaseMaterial
from tongban.cases.services.shared_materials import (
    case_shared_materials_fetch,
    case_shared_record_show,
)
from tongban.cases.views.common import staff_required
from tongban.sharing.presentation import field_label, source_name


@staff_required
@require_POST
def shared_data_retry(request: HttpRequest, uuid: str) -> HttpResponse:
    case = selectors.case_get_for(user=request.user, uuid=uuid)
    try:
        rows = case_shared_materials_fetch(case=case, actor=request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect("cases:workbench-case", uuid=case.uuid)
    received = [
        r for r in rows if r.shared_status == CaseMaterial.SharedStatus.RECEIVED
    ]
    if received:
        messages.success(
            request,
            _("Received from the data source: {names}.").format(
                names="、".join(r.name for r in received)
            ),
        )
    else:
        messages.error(
            request,
            _("The data source did not answer again; the applicant's upload stays."),
        )
    return redirect("cases:workbench-case", uuid=case.uuid)


@staff_required
def shared_record(request: HttpRequest, uuid: str, material: int) -> HttpResponse:
    case = selectors.case_get_for(user=request.user, uuid=uuid)
    row = get_object_or_404(CaseMaterial, case=case, pk=material)
    values = case_shared_record_show(case=case, row=row, actor=request.user)
    rows = [(field_label(key), value) for key, value in values.items()]
    return render(
        request,
        "cases/workbench/shared_record.html",
        {
            "case": case,
            "material": row,
            "rows": rows,
            "source": source_name(row.material.data_source if row.material else ""),
        },
    )
