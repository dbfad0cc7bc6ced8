class ApplicationError(Exception):
    """A business rule said no. The message is plain English, shown to the user as is.

    `field` names the form field the message belongs to, when there is one, so the view
    can put it beside that field and in the error summary.
    """

    def __init__(self, message: str, *, field: str | None = None, extra: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}
