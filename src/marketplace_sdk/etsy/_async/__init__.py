"""The hand-written async half of the Etsy client and channel; `_sync` is generated from it."""
