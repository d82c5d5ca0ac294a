"""Notification tasks: deliver one message or webhook; sweep for due ones (retries, lost
tasks)."""

from django_tasks import task

from tongban.notifications import services, webhooks


@task()
def deliver_message(*, message_id: int) -> str:
    return services.message_deliver(message_id=message_id)


@task()
def dispatch_due_messages() -> int:
    due = services.messages_due()
    for message_id in due:
        deliver_message.enqueue(message_id=message_id)
    return len(due)


@task()
def deliver_webhook(*, delivery_id: int) -> str:
    return webhooks.webhook_deliver(delivery_id=delivery_id)


@task()
def dispatch_due_webhooks() -> int:
    return webhooks.webhook_deliver_due()
