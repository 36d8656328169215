"""Simplified Chinese: 2026年12月2日, 2026年12月2日 08:30 (no leading zeros in month and day, as
written in official documents). The *_FORMAT strings use the syntax of Django's `date` filter;
the *_INPUT_FORMATS use strftime's."""

DATE_FORMAT = "Y年n月j日"  # 2026年12月2日
TIME_FORMAT = "H:i"  # 08:30
DATETIME_FORMAT = "Y年n月j日 H:i"  # 2026年12月2日 08:30
YEAR_MONTH_FORMAT = "Y年n月"  # 2026年12月
MONTH_DAY_FORMAT = "n月j日"  # 12月2日 (Django's own "m月j日" writes 09月5日)
SHORT_DATE_FORMAT = "Y年n月j日"
SHORT_DATETIME_FORMAT = "Y年n月j日 H:i"
FIRST_DAY_OF_WEEK = 1  # 星期一

# ISO first: a form widget writes its value in the first input format, and a browser's date
# field reads only ISO. Django's own list puts "2016/09/05" first and spells the Chinese form
# "%Y年%n月%j日", which strptime refuses ("%n" is no directive, "%j" is the day of the year).
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-12-02
    "%Y/%m/%d",  # 2026/12/02
    "%Y年%m月%d日",  # 2026年12月2日 (strptime takes one or two digits)
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",  # 2026-12-02 08:30:59
    "%Y-%m-%d %H:%M:%S.%f",  # 2026-12-02 08:30:59.000200
    "%Y-%m-%d %H:%M",  # 2026-12-02 08:30
    "%Y/%m/%d %H:%M:%S",  # 2026/12/02 08:30:59
    "%Y/%m/%d %H:%M",  # 2026/12/02 08:30
    "%Y年%m月%d日 %H:%M:%S",  # 2026年12月2日 08:30:59
    "%Y年%m月%d日 %H:%M",  # 2026年12月2日 08:30
]
