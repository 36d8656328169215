"""The API conventions every app follows: errors, authentication, pagination, schema."""
