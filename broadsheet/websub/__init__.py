"""WebSub (W3C, formerly PubSubHubbub): feeds that announce a hub push their new entries.

Broadsheet subscribes at the hub a feed names (rel="hub"), answers the hub's intent
check, takes HMAC-signed pushes at its callback, and renews before the lease ends. The
pushed document goes through the same ingest job as a poll; polling goes on as before,
so a hub that stops pushing loses nothing.
"""
