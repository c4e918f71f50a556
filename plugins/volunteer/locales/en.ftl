# Volunteer — English texts
index-title = Volunteer
index-lead = Clubs, initiatives and neighbours looking for help – for a shift, to set up, or to bring something. One click is enough.
index-empty = Nobody is looking for help right now.
index-none-matching = No calls match this selection.
index-past = Past calls
widget-none = No helpers are needed right now.
filter-label = Choose calls
filter-date = On this day
filter-needs = Only where help is still missing
filter-apply = Show
filter-reset = Show all
members-only = Members only
status-open = open
status-closed = closed
status-cancelled = cancelled
status-past = over
card-open-places = { $count ->
    [one] 1 place left
   *[other] { $count } places left
}
card-missing = Some things to bring are still missing
card-complete = All covered – thank you!
call-new = Start a call
call-edit = Edit call
call-post = Publish the call
call-close = Close sign-ups
call-reopen = Reopen sign-ups
cancel-call = Cancel the call
cancel-call-title = Cancel the call
cancel-call-lead = { $count ->
    [0] Nobody has signed up yet.
    [one] One person has signed up; they will be told, with your reason.
   *[other] { $count } people have signed up; they will be told, with your reason.
}
call-cancelled-notice = This call was cancelled.
call-closed-notice = Sign-ups for this call are closed for now.
reason = Reason
back = Back
back-to-list = All calls
back-to-call = Back to “{ $title }”
save = Save
send = Send
fact-when = When
fact-place = Where
fact-organiser = Organised by
label-title = Title
hint-title = For example “Helpers for the village festival”.
label-description = Description
hint-description = What is planned, what can helpers expect? Markdown works.
label-on-behalf = For a club or group
hint-on-behalf = Optional, for example “TSV Ransbach”.
label-place = Place
label-visibility = Who sees the call?
visibility-public = Everyone, also without logging in
visibility-members = Members of the community only
label-remind = Reminder for the helpers
hours-before = { $count ->
    [one] 1 hour before
   *[other] { $count } hours before
}
no-reminder = no reminder
label-cutoff = Cancelling possible until
hint-cutoff = After that, helpers cannot cancel on their own but contact the organiser.
until-start = until it starts
first-shift = The first shift
hint-first-shift = You add more shifts and things to bring on the call's page afterwards.
shifts-title = Shifts
shift-new = Add a shift
shift-add = Add the shift
shift-edit = Edit shift
shift-delete = Delete shift
shift-edit-notice = { $count ->
    [one] One person has signed up. They are told of a new time at once.
   *[other] { $count } people have signed up. They are told of a new time at once.
}
shift-count = { $confirmed } of { $max } places taken
shift-waiting = { $count } on the waiting list
shift-needs-min = at least { $count } needed
label-date = Date
label-start = Start
label-end = End
label-shift-label = Label
hint-shift-label = For example “Setting up” or “Cake stand 2–4 pm”.
label-max = Places
label-min = Needed at least
hint-min = Optional; empty means all places.
items-title = What is needed
item-new = Add something needed
item-add = Add
item-edit = Edit
item-delete = Delete
item-pledged-notice = { $count } are promised already.
item-progress = { $missing ->
    [0] All promised ({ $wanted })
   *[other] Still missing: { $missing } of { $wanted }
}
item-extra-welcome = more are welcome
label-item = What?
hint-item = For example “ladders” or “cakes”.
label-wanted = How many?
label-extra-welcome = More than asked is welcome too
pledge = I'll bring it
pledge-title = Bring something
pledge-mine = You bring { $count }.
pledgers-title = Promised by
withdraw = Withdraw
label-quantity = Number
sign-up = I'll help
sign-up-with-comment = sign up with a note
join-waiting-list = Join the waiting list
signup-title = Sign up
signup-full-notice = This shift is full. You join the waiting list and move up automatically as soon as someone cancels.
label-comment = Note
hint-comment = Optional. Only the organisers see it.
label-show-name = Show my name to the other helpers of this call
hint-show-name = Otherwise only the organisers see who signed up.
mine-comment = Your note
mine-confirmed = You are signed up.
mine-waiting = You are on the waiting list (place { $position }).
cancel-signup = Cancel
leave-waiting-list = Leave the waiting list
cutoff-passed-hint = It is too late to cancel here; please contact the organiser.
add-to-calendar = Add to calendar (.ics)
people-title = Signed up
people-shown-title = Among those taking part
waiting-position = waiting list, place { $position }
remove = Remove
remove-title = Remove a sign-up
remove-lead = { $name } is signed up for { $when }.
label-reason = Reason
hint-reason-told = The person is told the reason.
message-title = Message everyone signed up
message-lead = { $count ->
    [0] Nobody has signed up yet.
    [one] The message goes to one person.
   *[other] The message goes to { $count } people.
}
label-message = Message
contact-title = Ask the organiser
contact-lead = Your message goes to the person who started the call. They see your name.
login-to-help = Log in to sign up.
organise-title = Organising
mine-title = My commitments
mine-shifts = My shifts
mine-no-shifts = You have not signed up for any coming shift.
mine-pledges = What I bring
mine-organised = My calls
feed-title = In your own calendar
feed-lead = With a calendar subscription your shifts appear in your calendar and stay up to date.
feed-link = Your personal link
feed-secret = This link is secret: whoever knows it sees your commitments. Renewing it makes the old link stop working.
feed-create = Create a calendar link
feed-renew = Create a new link
form-errors = Please check what you entered
error-required = Please fill this in.
error-reason-missing = Please give a reason.
error-message-missing = Please write a message.
error-end-before-start = The end must be after the start.
error-past = This time is in the past.
error-date = Please give a date like 2026-07-04.
error-time = Please give a time like 14:30.
error-whole-number = Please give a whole number from 1.
error-whole-number-zero = Please give a whole number from 0.
error-min-above-max = At most as many as there are places.
error-below-confirmed = More people have signed up already.
error-only-missing = Only { $count } are still missing.
error-too-long = This text is too long.
error-choice = Please choose one of the options.
error-changed-meanwhile = Someone else changed this meanwhile. Please reload the page.
flash-call-posted = Your call is published.
flash-saved = Saved.
flash-call-closed = Sign-ups are closed.
flash-call-reopened = Sign-ups are open again.
flash-call-cancelled = The call is cancelled; everyone signed up was told.
flash-call-cancelled-already = This call is cancelled already.
flash-message-sent = Your message was sent.
flash-nobody-yet = Nobody has signed up yet.
flash-shift-added = The shift was added.
flash-shift-deleted = The shift was deleted; the people signed up were told.
flash-last-shift = The last shift of a call cannot be deleted. Cancel the call instead.
flash-item-added = Added.
flash-item-deleted = Deleted.
flash-signed-up = You are signed up. Thank you!
flash-waiting-list = The shift is full – you are on the waiting list and move up automatically.
flash-already-signed-up = You have already signed up for this shift.
flash-not-accepting = This call no longer takes sign-ups.
flash-cancelled = Your sign-up is cancelled.
flash-cutoff-passed = The time to cancel has passed. Please contact the organiser.
flash-removed = The sign-up was removed; the person was told.
flash-pledged = Thank you! Your promise is saved.
flash-withdrawn = Your promise is withdrawn.
flash-feed-ready = Your calendar link is ready.
call-hidden-notice = The moderators have hidden this call. Only you and the moderators can see it.
error-blocked = The organiser does not want messages from you. Your message was not sent.
blocked-contact-notice = The person who organises this call does not want messages from you, so you cannot write to them here. If it matters, ask the moderators.
