"""API of data sharing: the supervisors' search of the access log (internal)."""
