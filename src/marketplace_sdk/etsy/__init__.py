"""etsy package."""
