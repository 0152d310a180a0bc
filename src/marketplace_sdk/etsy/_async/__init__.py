"""The Etsy client and channel; the async modules are the source, `_sync` is generated."""
