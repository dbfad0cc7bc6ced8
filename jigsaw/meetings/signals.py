"""What the meetings engine tells the service areas, which it never imports.

`meeting_held` is sent once, when a meeting is recorded as held (by the chair with the date and
time it took place, or by attendance being recorded): a service area whose deadline a meeting
meets (the LADO's allocation meeting) connects a receiver in its AppConfig.ready.
Receivers run inside the transaction that records it: a refusal there refuses the whole.
"""

from django.dispatch import Signal

# Sent with meeting= (held_at set) and actor=.
meeting_held = Signal()
