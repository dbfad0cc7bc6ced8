"""Children in care: timescales as data (register_rule), imported by jigsaw.timescales at start-up."""
