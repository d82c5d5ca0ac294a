"""Service-desk pages: public (channels, filing, the requester's tickets) and workbench
(queue, tickets, intake, knowledge base, routing rules)."""

from django.urls import path

from tongban.servicedesk.views import figures, knowledge, requester, rules, tickets

app_name = "servicedesk"

urlpatterns = [
    path("servicedesk/", tickets.channels, name="channels"),
    path("servicedesk/new/", tickets.file, name="file"),
    path("servicedesk/suggest/", tickets.suggest, name="suggest"),
    path("servicedesk/t/<uuid:uuid>/", tickets.ticket, name="ticket"),
    path("servicedesk/mine/", requester.my_tickets, name="mine"),
    path("servicedesk/follow/", requester.follow, name="follow"),
    path(
        "servicedesk/t/<uuid:uuid>/callback/",
        requester.callback,
        name="ticket-callback",
    ),
    path("workbench/servicedesk/", tickets.queue, name="queue"),
    path("workbench/servicedesk/intake/", tickets.intake, name="intake"),
    path("workbench/servicedesk/figures/", figures.figures, name="figures"),
    path("workbench/servicedesk/callbacks/", figures.callbacks, name="callbacks"),
    path("workbench/servicedesk/knowledge/", knowledge.entries, name="knowledge"),
    path(
        "workbench/servicedesk/knowledge/new/",
        knowledge.entry_new,
        name="knowledge-new",
    ),
    path(
        "workbench/servicedesk/knowledge/<uuid:uuid>/",
        knowledge.entry,
        name="knowledge-entry",
    ),
    path(
        "workbench/servicedesk/knowledge/<uuid:uuid>/<slug:step>/",
        knowledge.entry_step,
        name="knowledge-step",
    ),
    path("workbench/servicedesk/rules/", rules.rule_list, name="rules"),
    path(
        "workbench/servicedesk/rules/<int:pk>/off/",
        rules.rule_deactivate,
        name="rule-deactivate",
    ),
    path(
        "workbench/servicedesk/<uuid:uuid>/",
        tickets.workbench_ticket,
        name="workbench-ticket",
    ),
    path(
        "workbench/servicedesk/<uuid:uuid>/to-knowledge/",
        tickets.workbench_to_knowledge,
        name="to-knowledge",
    ),
    path(
        "workbench/servicedesk/<uuid:uuid>/<slug:slug>/",
        tickets.workbench_action,
        name="workbench-action",
    ),
]
