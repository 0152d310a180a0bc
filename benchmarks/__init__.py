"""Benchmarks of marketplace-sdk, run on demand (`make bench` or `python -m benchmarks`).

Every benchmark runs the SDK against a sandbox served over a real loopback socket
(`LoopbackServer`), in real time, with the sandbox enforcing the marketplace's limits (Etsy:
10 requests per second) and counting every request in its call log; the SDK's own arithmetic
never supplies a count (`benchmarks._harness`). Each figure is printed next to its goal with a
PASS or FAIL mark (INFO for context). The test suite only runs a tiny version of each
(`tests/test_benchmarks_smoke.py`), checked on structure and counts, never on time.

- `loopback`: the harness itself: the loopback server's round trip, the Etsy sandbox's
  listing page at 100, 1,000 and 10,000 listings.
- `stock`: Etsy stock push of 1,000 listings in a 10,000-listing shop, cold and warm: 429s
  received, share of the allowed rate, time vs ideal, requests per listing.
- `catalogue`: Etsy catalogue import of 10,000 listings: requests vs ceil(N / 100) + 3, wall
  time vs requests / rate.
- `fnac`: FNAC stock and price push of 100,000 offers: `offers_update` calls, SDK CPU time vs
  the sandbox's own.
- `parsing`: canonical orders per second, and vs the raw decode of the same bytes.
- `memory`: peak RSS streaming 10,000, 30,000 and 100,000 orders, each measured.
- `sold_out`: a 1,000-listing Etsy shop where 10% of the listings sell out: how many stock
  writes Etsy refuses and how many sold-out listings stay on sale (ETSY-Q01), then a restock.
- `latency`: `stock_changed()` to the quantity readable on the marketplace, under order waves
  with half the Etsy budget spent by other work (p99 vs 2 s), and on FNAC with its batches.
- `peers`: the published peer Etsy SDKs (`etsyv3`, `etsy-python`, the `bench` extra) on the
  same served sandbox: requests, 429s and wall time vs ideal in one table.

Figures are medians of 3 runs, each ratio taken within its run (`_harness.repeat`,
`_harness.median_figure`); `python -m benchmarks --quick` runs each once, `--runs N` N times.
`python -m benchmarks NAME` runs one of them (`loopback`, `stock`, `catalogue`, `fnac`,
`parsing`, `memory`, `sold_out`, `latency`, `peers`, or a module name).
"""
