"""The Mirakl catalogue client, hand-written for asyncio; `_sync` holds its generated twin."""
