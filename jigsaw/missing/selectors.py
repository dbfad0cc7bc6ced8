"""Missing children: every read, through the access policy."""
