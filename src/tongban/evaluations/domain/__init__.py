"""Pure rules of 好差评: codes, indicator sets, submission rules, rectification table and
the statistics arithmetic. No Django here (import-linter's domain contract)."""
