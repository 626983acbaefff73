"""The Fever API (https://feedafever.com/api) as Reeder, Unread, ReadKit and Fiery Feeds speak it.

Mapping: feeds are the sources a reader follows, groups are the reader's folders, items
are those sources' articles (and anything the reader saved), "saved" is saved and "read"
is read state. Apps sign in with api_key = md5("email:app password").
"""
