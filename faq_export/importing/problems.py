"""The error an import ends in when the source cannot be imported: a message for the user,
exit 2. In a module of its own, which imports nothing, so that every reader of the import
(and the budgets they meet) can raise it without importing the package above them."""


class ImportProblem(ValueError):
    """The source cannot be imported (a message for the user, exit 2)."""
