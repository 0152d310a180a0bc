"""fnac: async half."""
