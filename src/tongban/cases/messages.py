"""SMS texts of case milestones, registered with the notification templates at start-up.
Each names the case number so the applicant can look the case up without logging in."""

from django.utils.translation import gettext_lazy as _

from tongban.notifications.templates import Template, register

_SUBJECT = _("Your case {number}")

register(
    {
        "case_submit": Template(
            _SUBJECT,
            _("Your application for {item} was received. Case number {number}."),
        ),
        "case_request_supplement": Template(
            _SUBJECT,
            _(
                "Case {number}: materials are missing. See the notice in your account and supplement "
                "them by {due_date}."
            ),
        ),
        "case_supplement": Template(
            _SUBJECT, _("Case {number}: your supplement was received.")
        ),
        "case_supplement_expire": Template(
            _SUBJECT,
            _(
                "Case {number} was closed because the missing materials did not arrive in time."
            ),
        ),
        "case_accept": Template(
            _SUBJECT, _("Case {number} ({item}) has been accepted.")
        ),
        "case_accept_tolerated": Template(
            _SUBJECT,
            _(
                "Case {number} has been accepted; bring the missing materials by {tolerance_due}."
            ),
        ),
        "case_deem_accept": Template(
            _SUBJECT,
            _(
                "Case {number} ({item}) counts as accepted from the day it was received, "
                "as it was not answered within the statutory period."
            ),
        ),
        "case_deadline_moved": Template(
            _SUBJECT,
            _(
                "Case {number}: after an official holiday notice the due date moved from "
                "{previous_due_date} to {due_date}."
            ),
        ),
        "case_accept_pledged": Template(
            _SUBJECT, _("Case {number} has been accepted on your written pledge.")
        ),
        "case_refuse": Template(
            _SUBJECT,
            _(
                "Case {number} was not accepted. The notice in your account gives the reasons and how "
                "to appeal."
            ),
        ),
        "case_approve_step": Template(
            _SUBJECT, _("Case {number} has passed a review step.")
        ),
        "case_return_step": Template(
            _SUBJECT, _("Case {number} was returned to an earlier step.")
        ),
        "case_complete_tolerated": Template(
            _SUBJECT, _("Case {number}: the missing materials were received.")
        ),
        "case_tolerance_expire": Template(
            _SUBJECT,
            _(
                "Case {number} was closed because the missing materials did not arrive in time."
            ),
        ),
        "case_suspend": Template(
            _SUBJECT,
            _(
                "Case {number} is in a special procedure ({procedure}), expected to take "
                "{expected_duration} days; this time does not count against the limit."
            ),
        ),
        "case_resume": Template(_SUBJECT, _("Work on case {number} has resumed.")),
        "case_extend": Template(
            _SUBJECT, _("The time limit of case {number} was extended by {days} days.")
        ),
        "case_decide": Template(
            _SUBJECT,
            _(
                "A decision was made on case {number}. See the decision in your account."
            ),
        ),
        "case_decide_on_spot": Template(
            _SUBJECT,
            _(
                "A decision was made on case {number}. See the decision in your account."
            ),
        ),
        "case_close": Template(_SUBJECT, _("Case {number} is complete.")),
        "case_deliver": Template(
            _SUBJECT,
            _("The result of case {number} has been delivered ({delivery})."),
        ),
        "case_withdraw": Template(
            _SUBJECT, _("Case {number} was withdrawn at your request.")
        ),
        "case_query_code": Template(
            _SUBJECT,
            _(
                "The query code of case {number} is {code}. With both, anyone can follow "
                "the progress; give them only to people you trust."
            ),
        ),
        # 代收代办: the courier legs of a case taken in at another region's hall.
        "proxy_dispatch_originals": Template(
            _SUBJECT,
            _(
                "Case {number}: {hall} has sent your paper originals to {organisation} "
                "by {courier}, tracking number {tracking}."
            ),
        ),
        "proxy_receive_originals": Template(
            _SUBJECT,
            _("Case {number}: {organisation} has received your paper originals."),
        ),
        "proxy_send_result": Template(
            _SUBJECT,
            _(
                "Case {number}: {organisation} has sent the result to {hall} by "
                "{courier}, tracking number {tracking}."
            ),
        ),
        "proxy_receive_result": Template(
            _SUBJECT,
            _(
                "Case {number}: the result is ready for pickup at {hall}. Bring your "
                "identity document."
            ),
        ),
        "proxy_return_originals": Template(
            _SUBJECT,
            _(
                "Case {number}: {organisation} is sending your paper originals back to "
                "{hall} by {courier}, tracking number {tracking}."
            ),
        ),
        "proxy_receive_returned": Template(
            _SUBJECT,
            _(
                "Case {number}: your paper originals are back at {hall}; collect them "
                "with your identity document."
            ),
        ),
    }
)
