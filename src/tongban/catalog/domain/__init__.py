"""Pure catalogue logic: codes, code tables, guide rules, search keys, flowcharts (no
Django)."""
