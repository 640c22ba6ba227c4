"""The strings pairs store: prefixes of buttons already sent (see meeting_buttons.py for
what each meeting button does), and what planned rows are about and their kinds. Their
values never change: a button sent last week, or a row planned before an update, must
still be understood."""

from __future__ import annotations

# Buttons bound to a record.
PAIR_ANSWER = "pr"  # pr:<pair>:acc|dec, the buddy's answer to a pair
PAIR_MEETING = "mt"  # mt:<pair>:plan|ask|end (call|move|cancel from older messages)
MEETING_TIME = "ms"  # ms:<meeting>:<n>|none, a proposed time picked
MEETING_CHANGE = "mm"  # mm:<meeting>:move|cancel
TALK = "tk"  # tk:<meeting>:yes|notyet|never, "did you talk?"
AGREEMENT_RECORD = "af"  # af:<meeting>:new
AGREEMENT_CONFIRM = "ag"  # ag:<agreement>:yes|no
AGREEMENT_NUDGE = "ng"  # ng:<agreement>:done|r3|r7|help
ROUND_TWO_PICK = "r2"  # r2:<event>:pick
PAIR_REACH = "rl"  # rl:<pair>:write|reply|how|relay|phone|user|stop
WRITE = "wr"  # wr:<person>:to (a coach writes), wr:<coach>:re (an answer to the coach)

# What planned rows are about ("meeting:<id>", "agreement:<id>").
MEETING = "meeting"
AGREEMENT = "agreement"

# Their kinds (the part before ":" is the family /mydata names).
MEETING_REMINDER = "meeting_reminder"
MEETING_REMINDER_DAY = "meeting_reminder:day"
MEETING_REMINDER_2H = "meeting_reminder:2h"
MEETING_FOLLOWUP = "meeting_followup"
NUDGE = "nudge"
NUDGE_BEFORE = "nudge:before"
NUDGE_DUE = "nudge:due"
NUDGE_AGAIN = "nudge:again"
# The nudges of time.nudge_time.nudge_plan, by the name it gives them.
PLANNED_NUDGES = {"before": NUDGE_BEFORE, "due": NUDGE_DUE}


def about_meeting(meeting_id: int) -> str:
    return f"{MEETING}:{meeting_id}"


def about_agreement(agreement_id: int) -> str:
    return f"{AGREEMENT}:{agreement_id}"
