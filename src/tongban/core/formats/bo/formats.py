"""Tibetan dates and numbers.

Dates are written year, month, day with the Tibetan words for them (སྤྱི་ལོ་ common era
year, ཟླ་ month, ཚེས་ day), as Tibetan-language government pages in the region do; month
names are avoided because Django has no Tibetan catalogue and would fall back to the
Chinese ones. Digits stay Arabic, as on those pages and on the notices. Machine-drafted:
awaits native review with the rest of the Tibetan texts.
"""

DATE_FORMAT = "སྤྱི་ལོ་Y ཟླ་n ཚེས་j"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "སྤྱི་ལོ་Y ཟླ་n ཚེས་j H:i"
YEAR_MONTH_FORMAT = "སྤྱི་ལོ་Y ཟླ་n"
MONTH_DAY_FORMAT = "ཟླ་n ཚེས་j"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
