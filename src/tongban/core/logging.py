"""Log filter: stamps the request id on each record and masks identity numbers in messages."""

import logging

from tongban.core.context import current
from tongban.core.domain.masking import mask_identifiers_in_text


class RequestContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current().request_id or "-"
        message = record.getMessage()
        masked = mask_identifiers_in_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
