"""Errors that stop one file, never the batch."""


class UnreadableFile(Exception):
    """The file cannot be read at all: it gets a diagnostics row and no documents row."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message
