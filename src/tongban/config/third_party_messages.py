"""Messages of Django and DRF that users of Tongban see, listed so ``makemessages`` extracts
them into the project catalogue: Django ships no Tibetan, so ``bo`` translations live here.
Nothing imports this module at run time."""

from django.utils.translation import gettext_noop, ngettext

MESSAGES = [
    gettext_noop("This field is required."),
    gettext_noop("This field may not be blank."),
    gettext_noop("This field may not be null."),
    gettext_noop("Ensure this field has no more than {max_length} characters."),
    gettext_noop("Ensure this field has at least {min_length} characters."),
    gettext_noop('"{input}" is not a valid choice.'),
    gettext_noop("A valid integer is required."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop("Must be a valid UUID."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("Date has wrong format. Use one of these formats instead: {format}."),
    gettext_noop("Time has wrong format. Use one of these formats instead: {format}."),
    gettext_noop(
        "Datetime has wrong format. Use one of these formats instead: {format}."
    ),
    gettext_noop("Ensure this value is greater than or equal to {min_value}."),
    gettext_noop("Ensure this value is less than or equal to {max_value}."),
    gettext_noop("Invalid data. Expected a dictionary, but got {datatype}."),
    gettext_noop('Expected a list of items but got type "{input_type}".'),
    gettext_noop("Not found."),
    gettext_noop("Invalid page."),
    gettext_noop("Authentication credentials were not provided."),
    gettext_noop("Incorrect authentication credentials."),
    gettext_noop("You do not have permission to perform this action."),
    gettext_noop('Method "{method}" not allowed.'),
    gettext_noop('Unsupported media type "{media_type}" in request.'),
    gettext_noop("Could not satisfy the request Accept header."),
    gettext_noop("Request was throttled."),
    gettext_noop("A server error occurred."),
    gettext_noop("Enter a valid value."),
    gettext_noop(
        "This password is too short. It must contain at least %(min_length)d characters."
    ),
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    # Admin and DRF words that read wrong on a government site in Django's own Chinese:
    # 注销 (closing an account there), 过滤器 (a machine's word), 键 (for a token's key).
    gettext_noop("Log out"),
    gettext_noop("Filter"),
    gettext_noop("Key"),
]


def _plural_messages(count: int) -> str:
    """Never called: lets ``makemessages`` extract Django's plural password message."""
    return ngettext(
        "This password is too short. It must contain at least %(min_length)d character.",
        "This password is too short. It must contain at least %(min_length)d characters.",
        count,
    )
