"""Channel panel (Prevent): every read, through the access policy."""
