"""Channel panel (Prevent): timescales as data (register_rule), imported by jigsaw.timescales at start-up."""
