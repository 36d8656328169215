"""People and organisation: trainee profiles, work units, categories, roles, the API root."""
