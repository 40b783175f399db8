"""Motion analysis engine: a video path in, a typed result out.

It knows nothing of Flask, MongoDB or RQ, so the worker, the CLI and the benchmarks share it.
"""
