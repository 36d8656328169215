"""Per-language date and time formats (FORMAT_MODULE_PATH): one way of writing a date in each
language, on every screen, in e-mails and in spreadsheet cells — "2 Dec 2026" and "2026年12月2日".

Django looks for `<package>.<locale>.formats` with the locale name of the language code
(`to_locale("zh-hans")` is "zh_Hans"), then falls back to its own module for anything not set
here (the input formats of English, number separators)."""
