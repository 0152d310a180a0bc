"""etsy: sync half."""
