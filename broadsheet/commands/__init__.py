"""The product's entry points: `broadsheet run` and `broadsheet demo-publishers`.

They sit above every other package (they start the web processes, the ingest loop and the demo
publishers together), so no engine package imports the web or the WSGI app to host them.
"""
