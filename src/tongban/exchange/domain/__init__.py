"""Pure exchange logic: field rules of the GB/T 39046 data sets, compiled once."""
