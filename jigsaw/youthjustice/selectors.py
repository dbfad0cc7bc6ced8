"""Youth justice: every read, through the access policy."""
