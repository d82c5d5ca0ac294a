"""Admin for calendars: notices, their days and published years are shown read-only;
notices are entered through an upload form (CSV or JSON, the ``tongban calendar import``
format) that calls the same service, so every entry is validated, scoped and audited."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from tongban.calendars import services
from tongban.calendars.domain import notices
from tongban.calendars.models import CalendarDay, CalendarNotice, CalendarYear
from tongban.core.permissions import Perm, has_permission


class ReadOnly:
    """Visible to calendar managers (our roles, not Django's model permissions)."""

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_permission(request.user, Perm.CALENDAR_MANAGE) or bool(
            super().has_view_permission(request, obj)  # type: ignore[misc]  # a mixin: ModelAdmin follows in the MRO
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return has_permission(request.user, Perm.CALENDAR_MANAGE) or bool(
            super().has_module_permission(request)  # type: ignore[misc]  # a mixin: ModelAdmin follows in the MRO
        )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class DayInline(ReadOnly, TranslationTabularInline):
    model = CalendarDay
    fields = ("date", "kind", "name")
    extra = 0


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Notice file"),
        help_text=_("CSV or JSON as described in docs/calendars.md."),
    )


@admin.register(CalendarNotice)
class CalendarNoticeAdmin(ReadOnly, TranslationAdmin):
    list_display = ("number", "title", "division", "year", "issued_on")
    list_filter = ("year",)
    search_fields = ("number", "title", "division__code")
    inlines = [DayInline]
    change_list_template = "calendars/admin/notice_change_list.html"

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(self.import_view)
        own = [path("import/", view, name="calendars_calendarnotice_import")]
        return own + super().get_urls()

    def import_view(self, request: HttpRequest) -> HttpResponse:
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            fmt = "json" if upload.name.lower().endswith(".json") else "csv"
            try:
                text = upload.read().decode("utf-8-sig")
                parsed = notices.parse(text, fmt=fmt)
                results = services.calendar_import(actor=request.user, notices=parsed)
            except UnicodeDecodeError:
                form.add_error("file", _("The file is not UTF-8 text."))
            except notices.NoticeFileError as error:
                _add_errors(form, services.problems_error(error.problems))
            except ValidationError as error:
                _add_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                for result in results:
                    messages.success(request, _summary(result))
                url = reverse("admin:calendars_calendarnotice_changelist")
                return HttpResponseRedirect(url)
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "opts": self.model._meta,
            "title": _("Import holiday notices"),
        }
        return TemplateResponse(request, "calendars/admin/import.html", context)


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    for key, problems in error.message_dict.items():
        for problem in problems:
            form.add_error(None, f"{key}: {problem}")


def _summary(result: services.NoticeResult) -> str:
    if not result.changed:
        return str(_("{number}: unchanged.").format(number=result.notice.number))
    return str(
        _(
            "{number}: {days} day(s) changed, {recomputed} deadline(s) recomputed."
        ).format(
            number=result.notice.number,
            days=len(result.changed_dates),
            recomputed=result.recomputed_total,
        )
    )


@admin.register(CalendarYear)
class CalendarYearAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("year", "division", "notice", "published_at")
    list_filter = ("year",)
