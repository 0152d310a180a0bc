"""etsy: shared half."""
