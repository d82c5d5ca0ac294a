"""Accounts API: who am I, applicant lookup and registration, audit rows for supervisors."""
