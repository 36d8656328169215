"""Courses: the catalogue ("course supermarket"), course and lecture pages, enrolment, training plans."""
