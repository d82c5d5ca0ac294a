"""Pure calendar logic: deadline arithmetic, the statutory base days, notice-file
parsing."""
