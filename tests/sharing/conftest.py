"""Fixtures of the data-sharing tests."""

from tests.sharing_provider import sharing_provider

__all__ = ["sharing_provider"]
