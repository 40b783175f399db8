"""Exercise Tracker: a backend for physiotherapy at home.

The app factory lives in :mod:`exercise_tracker.app`; this package stays light so that the
analysis engine can be imported without the web stack and the web stack without TensorFlow.
"""
