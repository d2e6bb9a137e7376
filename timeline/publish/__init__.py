"""Publishing with Datasette: the metadata, the server, SQLite snapshots of any backend."""
