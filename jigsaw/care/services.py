"""Children in care: every write, as a named business action."""
