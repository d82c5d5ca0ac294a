"""Sending a lost query code (查询码) again, by SMS to the phone registered on the case's
applicant and nowhere else.

The caller names the case number and the phone; the code is sent only when the phone is the
applicant's. Nothing is returned: the page answers the same whether the case exists, the
phone matched or not, so the service is no oracle of case numbers or phones. Throttling per
address and per phone is the caller's (``cases.views.public``), before this is called.
The code is sent unchanged: it is printed on the receipt the applicant may have given to
someone they trust.
"""

import hmac

from django.db import transaction

from tongban.cases.models import Case
from tongban.cases.services.transition import case_scope
from tongban.core import crypto
from tongban.core.services import audit_record
from tongban.notifications.services import notification_enqueue


@transaction.atomic
def case_query_code_resend(*, number: str, phone: str) -> None:
    case = (
        Case.objects.select_related("applicant", "division", "organisation")
        .filter(number=number.strip())
        .first()
    )
    if case is None:
        return
    registered = case.applicant.phone
    if not registered or not hmac.compare_digest(registered, phone.strip()):
        return
    notification_enqueue(
        channel="sms",
        recipient=registered,
        template="case_query_code",
        language=case.applicant.preferred_language,
        context={
            "number": case.number,
            "code": crypto.decrypt(case.query_code_encrypted),
        },
    )
    audit_record(
        actor="anonymous",  # whoever asked; the row keeps their address
        action="case.query_code_resend",
        instance=case,
        changes={"sent_to": [None, "applicant phone"]},
        **case_scope(case),
    )
