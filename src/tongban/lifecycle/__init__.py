"""The lifecycle kernel: one transition table type, one writer, working-day clocks.

Cases, service-desk tickets, bad-review rectifications and 督办 orders each declare their
actions once (``actions.Action``) and get their writer from ``writer.Lifecycle``. The pure
table lives in ``domain``; the clock on a region's calendar in ``clock``.
"""
