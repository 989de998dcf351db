"""xAPI 1.0.3: Thaksa's learning, sent to a Learning Record Store, and learning done elsewhere,
fetched from one as log entries waiting for the supervisor (docs/xapi.md).

Out: event handlers (outbox.py) build statements (statements.py) with stable ids and queue them
in the caller's transaction; the sender (sender.py) posts them in batches, with retries.
In: fetch.py reads statements since its watermark, mapping.py turns each into a learning-log
entry or a refusal kept for the site administrators (views.py, /admin/xapi).
"""
