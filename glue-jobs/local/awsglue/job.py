class Job:
    """Glue's Job without bookmarks: init and commit only mark the run's boundaries."""

    def __init__(self, glue_context):
        self._glue_context = glue_context
        self.name = None

    def init(self, job_name, args=None):
        self.name = job_name

    def commit(self):
        pass
