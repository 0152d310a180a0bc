"""etsy: async half."""
