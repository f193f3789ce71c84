"""Working days (工作日) in mainland China, and the calendar files that extend them.

:class:`WorkdayCalendar` answers "is this a working day", "how many working days
from A to B, both counted" and "the n-th working day after D" in constant time.
Its years come from the ``chinese_calendar`` package (2004–2026) and from
calendar files (:func:`load_calendar_file`, format in ``docs/calendar.md``). A
query that reaches a year it does not know raises :class:`UnknownYearError`
naming that year: a deadline is never computed from a guessed schedule.

Error codes E501–E519 are listed in ``docs/calendar.md``.
"""

from policyengine.calendar import periods
from policyengine.calendar.file import (
    MAX_FILE_BYTES,
    CalendarFile,
    export_year,
    load_calendar_file,
    parse_calendar_document,
    read_calendar_file,
)
from policyengine.calendar.table import (
    UnknownYearError,
    WorkdayCalendar,
    YearSchedule,
    chinese_calendar_schedules,
)

__all__ = [
    "MAX_FILE_BYTES",
    "CalendarFile",
    "UnknownYearError",
    "WorkdayCalendar",
    "YearSchedule",
    "chinese_calendar_schedules",
    "export_year",
    "load_calendar_file",
    "parse_calendar_document",
    "periods",
    "read_calendar_file",
]
