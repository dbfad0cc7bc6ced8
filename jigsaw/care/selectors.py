"""Children in care: every read, through the access policy."""
