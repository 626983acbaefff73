"""The Google Reader API as FreshRSS and Miniflux serve it, over follows, saved and read state.

Mapping: subscriptions are the sources a reader follows (`feed/<source id>`),
starred is saved, read is read state, and followed topics are labels
(`user/-/label/<topic name>`). Sign-in is ClientLogin with the account's email and
password, which mints a personal API token (see broadsheet.api.tokens).
"""
