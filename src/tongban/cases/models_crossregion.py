"""The 代收 record of a case taken in at a hall outside its handling organisation's region
(跨域通办 / 异地代收代办, docs/crossregion.md), and its history.

The case itself is the handling organisation's: it sits in that organisation's queue from
the moment of intake (the electronic materials are forwarded with it), and its statutory
and promised clocks start at that organisation's acceptance. The record holds the receiving
hall's part: who took it in where, the paper originals' courier leg, the applicant's choice
of where to receive the result and the result's courier leg back, and the receiving side's
own limit (originals forwarded within ``CROSSREGION_FORWARD_DAYS`` working days of the
receiving region's calendar, a ``ClockFields`` clock). Its state changes only through the
``proxy`` lifecycle (``cases.services.crossregion``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tongban.cases.domain.crossregion import Delivery, ProxyState
from tongban.lifecycle.models import ClockFields, HistoryRow

PROXY_STATE_LABELS = {
    ProxyState.RECEIVED: _("taken in, originals to forward"),
    ProxyState.ORIGINALS_SENT: _("originals sent by courier"),
    ProxyState.ORIGINALS_RECEIVED: _("originals received by the handling organisation"),
    ProxyState.RESULT_SENT: _("result on its way to the receiving hall"),
    ProxyState.RESULT_ARRIVED: _("result at the receiving hall"),
    ProxyState.ORIGINALS_RETURNING: _(
        "originals on their way back to the receiving hall"
    ),
    ProxyState.ORIGINALS_BACK: _("originals back at the receiving hall"),
    ProxyState.ORIGINALS_HANDED_BACK: _("originals given back to the applicant"),
}
DELIVERY_CHOICES = [
    (Delivery.RECEIVING_HALL.value, _("pick up at the hall where it was handed in")),
    (Delivery.HANDLING_ORGANISATION.value, _("pick up at the handling organisation")),
    (Delivery.POST.value, _("by post")),
]


class ProxyIntake(ClockFields):
    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="proxy"
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=[(s.value, label) for s, label in PROXY_STATE_LABELS.items()],
    )
    receiving_hall = models.ForeignKey(
        "regions.Hall",
        verbose_name=_("receiving hall"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Copied from the hall at intake: the scope a receiving clerk is judged by.
    receiving_division = models.ForeignKey(
        "regions.Division", on_delete=models.PROTECT, related_name="+"
    )
    receiving_organisation = models.ForeignKey(
        "regions.Organisation",
        verbose_name=_("receiving organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken in by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_at = models.DateTimeField(_("taken in"))
    electronic_forwarded_at = models.DateTimeField(_("electronic materials forwarded"))
    service_scope = models.CharField(_("通办 scope"), max_length=2)
    cross_province = models.BooleanField(_("across provinces"), default=False)
    delivery = models.CharField(
        _("result delivery"), max_length=14, choices=DELIVERY_CHOICES
    )
    delivery_address = models.CharField(_("postal address"), max_length=300, blank=True)

    originals_courier = models.CharField(
        _("courier company"), max_length=60, blank=True
    )
    originals_tracking = models.CharField(
        _("tracking number"), max_length=40, blank=True
    )
    originals_sent_at = models.DateTimeField(_("originals sent"), null=True, blank=True)
    originals_received_at = models.DateTimeField(
        _("originals received"), null=True, blank=True
    )
    result_courier = models.CharField(
        _("courier company of the result"), max_length=60, blank=True
    )
    result_tracking = models.CharField(
        _("tracking number of the result"), max_length=40, blank=True
    )
    result_sent_at = models.DateTimeField(_("result sent"), null=True, blank=True)
    result_arrived_at = models.DateTimeField(_("result arrived"), null=True, blank=True)
    # Refused or denied: the originals go back by courier to the receiving hall, which
    # gives them back to the applicant.
    return_courier = models.CharField(
        _("courier company of the returned originals"), max_length=60, blank=True
    )
    return_tracking = models.CharField(
        _("tracking number of the returned originals"), max_length=40, blank=True
    )
    return_sent_at = models.DateTimeField(
        _("originals sent back"), null=True, blank=True
    )
    returned_at = models.DateTimeField(
        _("originals back at the receiving hall"), null=True, blank=True
    )
    handed_back_at = models.DateTimeField(
        _("originals given back"), null=True, blank=True
    )
    # GB/T 39046 / 跨省通办 exchange fields, set at intake for a cross-province case
    # (``cases.services.crossregion.exchange_fields``; docs/crossregion.md lists them).
    exchange = models.JSONField(_("exchange fields"), default=dict, blank=True)

    class Meta:
        verbose_name = _("cross-region intake")
        verbose_name_plural = _("cross-region intakes")
        indexes = [
            models.Index(
                fields=["receiving_division", "state", "received_at"],
                name="proxy_receiving_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(delivery=Delivery.POST.value)
                | ~models.Q(delivery_address=""),
                name="proxy_post_needs_address",
            )
        ]

    def __str__(self) -> str:
        return f"代收 {self.case_id}"


class ProxyIntakeEvent(HistoryRow):
    intake = models.ForeignKey(
        ProxyIntake, on_delete=models.CASCADE, related_name="events"
    )

    class Meta(HistoryRow.Meta):
        verbose_name = _("cross-region intake event")
