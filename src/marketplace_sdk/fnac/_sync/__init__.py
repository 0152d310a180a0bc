"""fnac: sync half."""
