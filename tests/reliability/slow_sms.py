"""A file SMS channel that takes a while per message, so a test can kill the worker while
a delivery is in flight. Loaded by the worker process through the SMS_BACKEND setting."""

import time

from tongban.notifications.backends import FileSms
from tongban.notifications.models import Message


class SlowFileSms(FileSms):
    def send(self, message: Message) -> None:
        time.sleep(0.15)
        super().send(message)
