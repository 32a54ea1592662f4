"""Benchmarks of the registry: benchmarks/run.py is the command, benchmarks/load_test.py the load test."""
