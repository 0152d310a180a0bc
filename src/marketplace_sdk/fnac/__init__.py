"""fnac package."""
