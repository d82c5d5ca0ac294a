"""Writes of evaluations: submitting (online per case, on site through an invitation),
opening invitations, and the rectification ticket's one writer."""
