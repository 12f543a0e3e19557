"""Policy portal: legal texts, clause registry, quizzes and forms as plain Python.

MkDocs hooks in ``hooks/`` stay thin and call into this package, so the logic can be
unit-tested without running MkDocs (and reused if the site generator changes).
"""
