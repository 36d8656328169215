"""What every Cadre LMS app builds on and no domain owns: API conventions, ids, tabular imports,
the admin screen base and Chinese-aware search text."""
