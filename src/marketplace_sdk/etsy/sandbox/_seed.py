"""Deterministic shops for the sandbox: the catalogue every sandbox has, and seeded listings and
orders (`random.Random(seed)`, so one seed always builds the same shop).

Examples:
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> from marketplace_sdk.etsy.sandbox._world import World
    >>> world = World.empty(FakeClock())
    >>> add_catalog(world)
    >>> seed_shop(world, listings=20, variation_ratio=0.5, orders=10, days=30, duplicate_skus=2)
    >>> len(world.listings), len(world.receipts)
    (20, 10)
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from marketplace_sdk.etsy.sandbox._catalog_records import (
    Carrier,
    ProcessingProfile,
    ReturnPolicy,
    ShippingProfile,
    ShopSection,
    TaxonomyNode,
    TaxonomyProperty,
)
from marketplace_sdk.etsy.sandbox._orders import (
    OrderLine,
    cancel_order,
    mark_delivered,
    place_order,
    refund_order,
    ship_order,
)
from marketplace_sdk.etsy.sandbox._state import (
    Image,
    Inventory,
    Listing,
    Offering,
    Product,
    PropertyValue,
)
from marketplace_sdk.etsy.sandbox._world import World

__all__ = ["COLOR_PROPERTY", "SIZE_PROPERTY", "add_catalog", "seed_shop"]

#: Etsy's "Primary color" property.
COLOR_PROPERTY = 200
#: Etsy's first custom property, used here for sizes.
SIZE_PROPERTY = 513

_COLORS = [(1213, "Black"), (1214, "White"), (1215, "Red"), (1216, "Blue"), (1217, "Green")]
_SIZES = ["S", "M", "L", "XL"]
_NOUNS = ["Mug", "Tote bag", "Scarf", "Poster", "Candle", "Necklace", "Notebook", "Cushion"]
_ADJECTIVES = ["Hand-made", "Vintage", "Minimal", "Botanical", "Retro", "Woven", "Painted"]


def add_catalog(world: World) -> None:
    """The taxonomy, carriers, shipping profiles and sections every sandbox shop has.

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> world = World.empty(FakeClock())
        >>> add_catalog(world)
        >>> [carrier.name for carrier in world.carriers][:2]
        ['USPS', 'UPS']
    """
    color = TaxonomyProperty(COLOR_PROPERTY, "Primary color", "Primary color", list(_COLORS))
    size = TaxonomyProperty(SIZE_PROPERTY, "Custom Property", "Size", [], is_multivalued=True)
    material = TaxonomyProperty(
        3, "Material", "Material", [(301, "Cotton"), (302, "Ceramic")], supports_variations=False
    )
    home = TaxonomyNode(1, "Home & Living", 0, None, [1], properties=[color, material])
    kitchen = TaxonomyNode(2, "Kitchen & Dining", 1, 1, [1, 2])
    decor = TaxonomyNode(3, "Home Decor", 1, 1, [1, 3])
    home.children = [kitchen, decor]
    clothing = TaxonomyNode(4, "Clothing", 0, None, [4], properties=[color, size])
    tops = TaxonomyNode(5, "Tops & Tees", 1, 4, [4, 5])
    clothing.children = [tops]
    world.taxonomy = [home, clothing]
    world.carriers = [
        Carrier(1, "USPS", [("usps_first", "First-Class")], [("usps_intl", "International")]),
        Carrier(2, "UPS", [("ups_ground", "Ground")], [("ups_worldwide", "Worldwide")]),
        Carrier(3, "FedEx", [("fedex_ground", "Ground")], []),
        Carrier(4, "DHL", [], [("dhl_express", "Express Worldwide")]),
        Carrier(5, "Royal Mail", [("rm_1st", "1st Class")], [("rm_intl", "International")]),
    ]
    user_id = world.seller.user_id
    for profile in (
        ShippingProfile(world.new_id(), "Standard", user_id, "US", Decimal("4.50"), Decimal("1")),
        ShippingProfile(
            world.new_id(), "Express", user_id, "US", Decimal("12"), Decimal("3"), 1, 1
        ),
    ):
        world.profiles[profile.shipping_profile_id] = profile
    for readiness, low, high in (("ready_to_ship", 1, 3), ("made_to_order", 5, 10)):
        processing = ProcessingProfile(world.new_id(), readiness, low, high)
        world.processing_profiles[processing.readiness_state_id] = processing
    policy = ReturnPolicy(
        world.new_id(), accepts_returns=True, accepts_exchanges=True, return_deadline=30
    )
    world.return_policies[policy.return_policy_id] = policy
    for rank, title in enumerate(("Home", "Clothing", "Gifts"), 1):
        section = ShopSection(world.new_id(), title, rank, user_id)
        world.sections[section.shop_section_id] = section


def _listing(world: World, index: int, variations: bool, sku: str, age: timedelta) -> Listing:
    rng = world.rng
    created = world.now() - age
    listing_id = world.new_id()
    base_price = Decimal(rng.randrange(500, 9000)) / 100
    products: list[Product] = []
    price_on: list[int] = []
    if variations:
        colors = rng.sample(_COLORS, rng.randint(2, 3))
        sizes = _SIZES[: rng.randint(1, 3)] if rng.random() < 0.5 else []
        price_on = [SIZE_PROPERTY] if sizes and rng.random() < 0.5 else []
        for color_id, color_name in colors:
            for size_index, size_name in enumerate(sizes or [None]):
                values = [PropertyValue(COLOR_PROPERTY, "Primary color", [color_id], [color_name])]
                suffix = color_name[:3].upper()
                price = base_price
                if size_name is not None:
                    values.append(
                        PropertyValue(SIZE_PROPERTY, "Size", [5000 + size_index], [size_name])
                    )
                    suffix += f"-{size_name}"
                    if price_on:
                        price = base_price + size_index * Decimal("2.00")
                offering = Offering(world.new_id(), price, rng.randint(0, 25))
                products.append(Product(world.new_id(), f"{sku}-{suffix}", [offering], values))
    else:
        offering = Offering(world.new_id(), base_price, rng.randint(0, 40))
        products.append(Product(world.new_id(), sku, [offering]))
    property_ids = [value.property_id for value in products[0].property_values]
    inventory = Inventory(
        products=products,
        price_on_property=price_on,
        quantity_on_property=property_ids,
        sku_on_property=property_ids,
    )
    roll = rng.random()
    state = (
        "active"
        if roll < 0.8
        else "inactive"
        if roll < 0.9
        else "draft"
        if roll < 0.95
        else "expired"
    )
    images = [
        Image(world.new_id(), listing_id, rank, created) for rank in range(1, rng.randint(1, 3) + 1)
    ]
    taxonomy = 5 if variations else rng.choice([2, 3])
    listing = Listing(
        listing_id=listing_id,
        shop_id=world.seller.shop_id,
        user_id=world.seller.user_id,
        title=f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)} #{index + 1}",
        description="Seeded sandbox listing.",
        state=state,
        created=created,
        updated=created,
        inventory=inventory,
        taxonomy_id=taxonomy,
        shipping_profile_id=next(iter(world.profiles)),
        shop_section_id=rng.choice(list(world.sections)),
        images=images,
        tags=["sandbox"],
    )
    if listing.state == "active" and listing.quantity == 0:
        listing.state = "sold_out"
    return listing


def seed_shop(
    world: World,
    *,
    listings: int,
    variation_ratio: float,
    orders: int,
    days: int,
    duplicate_skus: int,
) -> None:
    """Add `listings` listings and `orders` receipts spread over the last `days` days.

    `duplicate_skus` single-product listings reuse the SKU of an earlier listing, so the
    duplicate-SKU rule has something to find.

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> world = World.empty(FakeClock(), seed=1)
        >>> add_catalog(world)
        >>> seed_shop(world, listings=5, variation_ratio=1.0, orders=0, days=1, duplicate_skus=0)
        >>> all(listing.has_variations for listing in world.listings.values())
        True
    """
    rng = world.rng
    span = timedelta(days=max(days, 1))
    made: list[Listing] = []
    for index in range(listings):
        variations = rng.random() < variation_ratio
        sku = f"SKU-{index + 1:05d}"
        age = span + timedelta(days=rng.randint(1, 365))
        made.append(_listing(world, index, variations, sku, age))
    singles = [listing for listing in made if not listing.has_variations]
    for duplicate, original in zip(singles[len(singles) // 2 :], singles, strict=False):
        if duplicate_skus <= 0:
            break
        duplicate.inventory.products[0].sku = original.inventory.products[0].sku
        duplicate_skus -= 1
    for listing in made:
        world.listings[listing.listing_id] = listing
    _seed_orders(world, [listing for listing in made if listing.state == "active"], orders, span)


def _seed_orders(world: World, sellable: list[Listing], orders: int, span: timedelta) -> None:
    if not sellable or orders <= 0:
        return
    rng = world.rng
    real_clock = world.clock
    end = real_clock.now()
    offsets = sorted(rng.uniform(0, span.total_seconds()) for _ in range(orders))
    for offset in reversed(offsets):
        placed_at = end - timedelta(seconds=offset)
        world.clock = _AtTime(placed_at)
        picks = rng.sample(sellable, min(len(sellable), rng.choice([1, 1, 1, 2])))
        lines = [
            OrderLine(
                listing.listing_id,
                rng.randint(1, 2),
                rng.choice(listing.inventory.products).sku,
            )
            for listing in picks
        ]
        receipt = place_order(
            world, lines, check_stock=False, buyer_name=f"Buyer {rng.randint(1, 9999)}"
        )
        age_days = offset / 86_400
        roll = rng.random()
        if roll < 0.06:
            cancel_order(world, receipt, restock=False)
        elif age_days > 2 and roll < 0.9:
            world.clock = _AtTime(placed_at + timedelta(days=1))
            ship_order(
                world,
                receipt,
                carrier_name="USPS",
                tracking_code=f"9400{rng.randrange(10**17):017d}",
            )
            if age_days > 7 and roll < 0.7:
                world.clock = _AtTime(placed_at + timedelta(days=5))
                mark_delivered(world, receipt)
            if roll > 0.87:
                refund_order(world, receipt, None if roll > 0.885 else Decimal("1.00"))
    world.clock = real_clock
    world.events.clear()


class _AtTime:
    """A clock stopped at one instant, so seeded records get their past timestamps."""

    def __init__(self, when: datetime) -> None:
        self._when = when

    def now(self) -> datetime:
        return self._when

    def monotonic(self) -> float:
        return 0.0

    def sleep(self, seconds: float) -> None:
        return None

    async def asleep(self, seconds: float) -> None:
        return None
