"""The API of lms.core: authentication, errors, pagination, me/ and health/."""
