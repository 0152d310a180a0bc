"""fnac: shared half."""
