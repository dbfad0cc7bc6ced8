"""Family group conferences: every read, through the access policy."""
