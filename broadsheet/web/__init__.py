"""Web: the server-rendered news site and the health endpoint."""
