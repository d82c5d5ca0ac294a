"""Log lines carry the request id and never an identity number in clear."""

import logging

from tongban.core.context import request_context
from tongban.core.logging import RequestContextFilter


def test_log_records_are_masked_and_stamped() -> None:
    record = logging.LogRecord(
        "t",
        logging.INFO,
        __file__,
        1,
        "applicant %s registered",
        ("54010219900101002X",),
        None,
    )
    with request_context(request_id="abc123def456"):
        RequestContextFilter().filter(record)
    assert record.getMessage() == "applicant 5401**********002X registered"
    assert record.request_id == "abc123def456"
