"""What kind of message LiftBot sends on its own (Reply.kind): a chat app that may not start
a conversation freely (WhatsApp outside its 24-hour window) sends a template for the kind
instead. Their values never change: rows waiting in the outbox carry them."""

from __future__ import annotations

INVITATION = "invitation"  # to a meeting or event, round two
REMINDER = "reminder"  # before an event or a pair's meeting
EVALUATION = "evaluation"  # "how was it?" after an event
FOLLOW_UP = "follow_up"  # "did you talk?" after a pair's meeting
NUDGE = "nudge"  # an agreed action, preparation not done yet
BROADCAST = "broadcast"  # a coach's message to many
PAIR = "pair"  # from or about the other one of a pair: a new pair, times, a passed-on message
NOTICE = "notice"  # anything else: to a coach, a buddy, someone told about a change

KINDS = (INVITATION, REMINDER, EVALUATION, FOLLOW_UP, NUDGE, BROADCAST, PAIR, NOTICE)
