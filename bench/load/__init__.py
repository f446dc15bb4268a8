"""Open-loop load test with Locust (make load): see run.py and docs/capacity.md."""
