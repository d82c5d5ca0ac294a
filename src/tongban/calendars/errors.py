"""Calendar errors with stable codes, as the API and other apps see them."""

from django.utils.translation import gettext_lazy as _

from tongban.core.api.problems import Problem


class CalendarYearUnpublished(Problem):
    """A computation needs a year whose holiday notice is not entered for the region.

    409: the request is fine, the platform's state is not ready; the same request
    succeeds once the notice is entered (or with ``provisional=true`` where provisional
    results are accepted).
    """

    code = "calendar_year_unpublished"

    def __init__(self, *, year: int, region: str) -> None:
        detail = _(
            "The {year} working-day calendar of {region} has not been published yet, "
            "so a time limit reaching into {year} cannot be computed. It will be once "
            "the holiday notice for {year} is entered."
        ).format(year=year, region=region)
        super().__init__(status_code=409, code=self.code, detail=detail)
        self.year = year
