"""Background analysis of uploaded videos: the queue, the job and the worker.

The web process enqueues by dotted name and never imports the engine (nor TensorFlow).
"""
