"""Generated workloads: the demo content (`seed_demo`), the scale data (`generate_scale`) and the
benchmark (`make bench`, `python -m portal.workload.bench`)."""
