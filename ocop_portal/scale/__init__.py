"""The province-scale world built by `manage.py seed_scale` and measured by the benchmarks (bench/)."""
