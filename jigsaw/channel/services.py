"""Channel panel (Prevent): every write, as a named business action."""
