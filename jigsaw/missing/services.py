"""Missing children: every write, as a named business action."""
