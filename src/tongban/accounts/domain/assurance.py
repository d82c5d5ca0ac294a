"""Real-name identity assurance levels (国办函〔2016〕108号 registration patterns).

L1 name and ID number checked; L2 plus a second factor (phone, bank or social-security card);
L3 plus a live face match; L4 verified in person at a counter or with a CA certificate.
Each service item can require a minimum level.
"""

from enum import IntEnum


class Assurance(IntEnum):
    L1_BASIC = 1
    L2_MULTI_FACTOR = 2
    L3_FACE = 3
    L4_IN_PERSON = 4
