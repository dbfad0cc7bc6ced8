"""Youth justice: every write, as a named business action."""
