"""`make bench`: what the generator costs on top of a plain MkDocs build, and how it scales.

Run `python -m benchmarks --help`. Timing numbers are reported, never asserted: the test
suite only smoke-runs the benchmark (tests/test_bench_smoke.py).
"""
