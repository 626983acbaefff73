"""What the WebSub side announces; the side that acts on it listens (no import back into it)."""

from django.dispatch import Signal

# Sent once a received push is committed, with `push_id`. The scale-out workers listen
# (workers/apps.py) and ingest it at once; in-process, the runner's next round picks it up.
push_received = Signal()
