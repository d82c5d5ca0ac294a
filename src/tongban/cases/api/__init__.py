"""Case API: applicants' endpoints (public), staff's named actions (internal)."""
