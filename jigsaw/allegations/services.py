"""Allegations against staff (LADO): every write, as a named business action."""
