"""Service-desk pages: ``tickets`` (public channels, filing, the workbench queue and ticket
pages, the 12345 intake), ``requester`` (my tickets, following a ticket by its query code),
``knowledge`` (the knowledge base's draft → review → publish) and ``rules`` (routing rules)."""
