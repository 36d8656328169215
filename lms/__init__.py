"""Cadre LMS: the core plugin set (people, courses, video, quizzes, discussions)."""
