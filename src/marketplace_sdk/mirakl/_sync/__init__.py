"""mirakl: sync half."""
