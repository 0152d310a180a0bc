"""mirakl: async half."""
