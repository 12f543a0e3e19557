"""One error shape for every bad input: ``file:line:col: what is wrong (expected …)``."""

from __future__ import annotations


class SourceError(Exception):
    """A problem in an input file, located at a 1-based line and column."""

    def __init__(self, path: str, line: int, col: int, message: str) -> None:
        super().__init__(f"{path}:{line}:{col}: {message}")
        self.path = path
        self.line = line
        self.col = col
        self.message = message
