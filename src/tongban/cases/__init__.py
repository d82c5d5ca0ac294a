"""办件: applications and cases from submission to archive, against the frozen catalogue
version and the working-day calendar of the case's region."""
