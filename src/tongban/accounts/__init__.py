"""Staff and applicants: accounts, roles scoped to organisations and regions, identity, login."""
