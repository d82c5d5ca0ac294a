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

    def __init__(
        self, *, year: int, region: str, scope: str = "", scope_code: str = ""
    ) -> None:
        # ``region`` is the division asked about; ``scope`` the one whose notice is
        # missing (its prefecture, the region or the national calendar): the
        # administrator must be told where to enter it.
        scope = scope or region
        if scope == region:
            detail = _(
                "The {year} working-day calendar of {region} has not been published "
                "yet, so a time limit reaching into {year} cannot be computed. It "
                "will be once the holiday notice for {year} is entered."
            ).format(year=year, region=region)
        else:
            detail = _(
                "The {year} holiday notice of {scope} has not been entered yet, so a "
                "time limit of {region} reaching into {year} cannot be computed. It "
                "will be once the notice of {scope} for {year} is entered."
            ).format(year=year, region=region, scope=scope)
        super().__init__(status_code=409, code=self.code, detail=detail)
        self.year = year
        self.scope = scope
        self.scope_code = scope_code
