"""Why an evaluation is refused: one stable code per rule, its status and the words the
evaluator reads (in their language). Nothing is stored when one is raised."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tongban.core.api.problems import Problem

REFUSALS: dict[str, tuple[int, Promise]] = {
    "case_not_found": (404, _("No case of yours has this number.")),
    "staff_cannot_evaluate": (
        403,
        _("Staff cannot give or change an evaluation; the person served gives it."),
    ),
    "stage_not_reached": (
        409,
        _(
            "This case has not reached that stage yet, so it cannot be evaluated for it."
        ),
    ),
    "stage_not_online": (400, _("Choose acceptance or completion.")),
    "window_closed": (
        409,
        _(
            "The time for evaluating this case has passed ({days} days after completion)."
        ),
    ),
    "too_many_evaluations": (
        409,
        _("This case has already been evaluated for this stage."),
    ),
    "invitation_unknown": (404, _("This evaluation link is not valid.")),
    "invitation_used": (
        409,
        _(
            "This evaluation link has already been used; ask at the window for a new one."
        ),
    ),
    "invitation_expired": (
        409,
        _("This evaluation link has expired; ask at the window for a new one."),
    ),
    "options_not_for_level": (
        400,
        _("Choose content that belongs to the level you chose."),
    ),
    "bad_review_needs_content": (
        400,
        _("For a dissatisfied rating, choose at least one thing that went wrong."),
    ),
    "scores_invalid": (400, _("Rate each indicator from 1 to 5.")),
    "text_too_long": (400, _("Keep the comment to 500 characters.")),
    "text_control_characters": (
        400,
        _("Remove the control characters from the comment."),
    ),
    "text_markup": (
        400,
        _("Write the comment as plain text, without HTML or script."),
    ),
    "follow_up_not_open": (
        409,
        _("You can rate again once the unit has called you back."),
    ),
    "rate_limited": (429, _("Too many evaluations from here; try again later.")),
}


def refuse(code: str, **context: object) -> Problem:
    status, message = REFUSALS[code]
    return Problem(status_code=status, code=code, detail=str(message).format(**context))
