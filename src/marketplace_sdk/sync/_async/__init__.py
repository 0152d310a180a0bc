"""The stock and price pusher, hand-written for asyncio; `_sync` holds its generated twin."""
