"""The platform's asynchronous notification (server to server, no session, no CSRF
token: the Ed25519 signature is the proof). Answers 200 to an accepted notification, 409
to a replay (the platform stops resending), 400/401/404 to the rest."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from tongban.payments.models import PaymentNotification
from tongban.payments.services import payment_notification_receive

STATUS: dict[str, int] = {
    PaymentNotification.Outcome.ACCEPTED: 200,
    PaymentNotification.Outcome.REPLAY: 409,
    PaymentNotification.Outcome.BAD_SIGNATURE: 401,
    PaymentNotification.Outcome.UNKNOWN_ORDER: 404,
}


@csrf_exempt
@require_POST
def notify(request: HttpRequest) -> HttpResponse:
    outcome = payment_notification_receive(
        body=request.body[:65536],
        signature=request.headers.get("X-Pay-Signature", ""),
    )
    return HttpResponse(
        outcome, status=STATUS.get(outcome, 400), content_type="text/plain"
    )
