"""Mirakl Catalog Manager (MCM) seller client, for any Mirakl marketplace."""
