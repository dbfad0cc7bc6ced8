"""Allegations against staff (LADO): every read, through the access policy."""
