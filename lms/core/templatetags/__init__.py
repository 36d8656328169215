"""Template tags of lms.core."""
