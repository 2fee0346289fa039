"""`make bench`: performance measurements, never part of `make test`.

Each module of this package with a `run(results)` function is one group of cases; `results` is a
dict the case adds its figures to. `python -m portal.bench [NAME ...]` runs them (all by default),
prints a table and writes bench-results.json.
"""
