"""The portal home page: the front door a user of 浙里办 or 上海一网通办 expects — search
first, the services most applied for, themes for people and for organisations, the special
lists, the progress query and the hall finder.

It lives with the cases because it is the one app that may read the catalogue (popular
items are ranked by applications) and link the case pages; the template stays the core
shell's ``core/home.html``.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tongban.cases import selectors
from tongban.catalog import presentation as catalog_presentation
from tongban.catalog.domain import tables

THEMES_SHOWN = 8  # per audience; the rest are one click away on the search page


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    person = catalog_presentation.theme_links(tables.PERSON_THEMES)
    organisation = catalog_presentation.theme_links(tables.ORGANISATION_THEMES)
    return render(
        request,
        "core/home.html",
        {
            "popular": selectors.popular_versions(),
            "person_themes": person[:THEMES_SHOWN],
            "organisation_themes": organisation[:THEMES_SHOWN],
            "special_lists": catalog_presentation.special_list_links(),
        },
    )
