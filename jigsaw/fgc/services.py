"""Family group conferences: every write, as a named business action."""
