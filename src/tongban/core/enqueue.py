"""A task for work a transaction asks for, run only once that transaction has committed.

``transaction.on_commit`` is the general way, and it is what a backend outside the
database gets (the test settings' immediate backend, a broker). A backend that keeps its
queue in the default database (``django_tasks_db``, production's) gets the task's row at
once instead, inside the transaction: no worker sees it before the commit, it commits or
rolls back with the rows it is about, and it is never lost to a process that dies between
its commit and its commit hooks. It also saves the hook's own transaction: one insert in
the caller's, not a second transaction after it (a submission's message, issue 12)."""

from typing import Any

from django.db import DEFAULT_DB_ALIAS, router, transaction
from django_tasks_db.backend import DatabaseBackend


def enqueue_after_commit(task: Any, /, **kwargs: Any) -> None:
    """Enqueue ``task`` with ``kwargs`` to run after the caller's transaction commits."""
    if _in_transaction(task.get_backend()):
        task.enqueue(**kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(**kwargs))


def _in_transaction(backend: Any) -> bool:
    if not isinstance(backend, DatabaseBackend):
        return False
    from django_tasks_db.models import DBTaskResult

    return (
        router.db_for_write(DBTaskResult) == DEFAULT_DB_ALIAS
        and transaction.get_connection().in_atomic_block
    )
