"""The API of lms.courses: the catalogue, enrol/withdraw and me/plan/."""
