"""The check stage: reconciliation records, the post-passes that compare layouts, and the
coverage report of tables no recogniser read."""
