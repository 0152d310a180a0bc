"""The hand-written async half of core (the engine, the channel protocol); `_sync` is generated."""
