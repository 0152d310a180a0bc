"""Benchmarks of marketplace-sdk, run on demand (`make bench` or `python -m benchmarks`).

They print figures and never pass or fail; the test suite only runs a tiny version of each
(`tests/test_benchmarks_smoke.py`) so they cannot rot.

- `catalogue_import`: 10,000 products imported from each sandbox with its rate limits on:
  requests used vs the minimum the API allows, achieved vs allowed request rate, simulated
  duration vs the throttle's `import_duration`, wall time.
- `stock_push`: 5,000 SKUs pushed to each sandbox, measured the same way.
- `order_parsing`: orders per second parsed from wire payloads (an Etsy receipts page, a FNAC
  `orders_query` page) into canonical `Order`s.
- `order_memory`: peak memory while iterating 100,000 orders, streamed vs held.
- `sold_out`: a 1,000-listing Etsy shop where 10% of the listings sell out: how many stock
  writes Etsy refuses and how many sold-out listings stay on sale (ETSY-Q01), then a restock.

`python -m benchmarks NAME` runs one of them (`catalogue`, `stock`, `parsing`, `memory`, `sold_out`,
or a module name).
"""
