"""Exchange with the systems around Tongban: case events to webhooks, the subscription
and delivery-log API of client systems (GB/T 39046 data sets come here too)."""
