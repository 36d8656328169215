"""English: day, short month, year ("2 Dec 2026") with a 24-hour clock, as the site's offices write
dates in English; never the US month-first order, which reads wrongly to everyone else.
The *_FORMAT strings use the syntax of Django's `date` filter."""

DATE_FORMAT = "j M Y"  # 2 Dec 2026
TIME_FORMAT = "H:i"  # 08:30
DATETIME_FORMAT = "j M Y, H:i"  # 2 Dec 2026, 08:30
YEAR_MONTH_FORMAT = "F Y"  # December 2026
MONTH_DAY_FORMAT = "j M"  # 2 Dec
SHORT_DATE_FORMAT = "j M Y"  # one format per language: the short form is the same
SHORT_DATETIME_FORMAT = "j M Y, H:i"
# The training year and the class timetable follow the Chinese week, which starts on Monday.
FIRST_DAY_OF_WEEK = 1
