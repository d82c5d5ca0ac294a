"""Notification outbox: messages rendered in the recipient's language, delivered after commit
by the task worker through SMS and e-mail channels, retried, never sent twice."""
