"""数据共享 (data sharing): the registry of the government data sources Tongban may ask,
one adapter interface in front of them (timeouts, retries, a circuit breaker per source),
the applicant's consent and the access log. Below ``cases``: it knows nothing of cases, a
case passes its number as the purpose of an access (DESIGN.md)."""
