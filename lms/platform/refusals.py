"""A rule's "no" as the services of every app raise it: a stable `code` (for scripts and
widgets), a translated `message` (for people) and the HTTP `status` an API answers with."""


class Refused(Exception):
    """A rule says no. Apps subclass it (QuizRefused, DiscussionRefused) so callers can tell
    whose rule it was; lms.platform.api.errors.RefusedError turns one into the API's error."""

    def __init__(self, code, message, status=403):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status
