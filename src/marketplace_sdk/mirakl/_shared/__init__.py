"""mirakl: shared half."""
