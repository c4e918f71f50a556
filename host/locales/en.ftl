# English strings of the Quartier interface. Plain language.
# Every key must also be in de.ftl (a test checks this).

## Frame
skip-to-content = Skip to content
nav-label-main = Main navigation
nav-label-community = Sections of { $name }
nav-login = Log in
nav-register = Register
nav-logout = Log out
nav-admin = Administration
nav-notifications = Notifications
nav-notifications-unread = unread
notifications-title = Notifications
notifications-empty = No notifications yet. What the modules of your communities tell you appears here: reminders, decisions, messages.
notifications-read-all = Mark all as read
notifications-new = new
notifications-urgent = urgent
flash-notifications-read = All notifications are marked as read.
nav-community-home = Overview
nav-members = Members
nav-settings = Settings
footer-language = Language:
footer-powered = Powered by Quartier – free software for local communities.
save = Save
back-to-community = Back to the community
form-has-errors = Please check your input

## Roles and join policies
role-visitor = Visitor
role-member = Member
role-moderator = Moderator
role-manager = Manager
role-operator = Operator
policy-open = Open to everyone
policy-approval = Join on request
policy-invitation = By invitation only

## Home
home-lead = Neighbourhoods, clubs and towns in one place.
home-my-communities = My communities
home-communities = Communities
home-search-label = Search communities
home-search-placeholder = Enter a name
home-search-button = Search
home-no-results = No community matches “{ $q }”.
home-no-communities = There are no public communities here yet.

## Field labels and hints
label-email = Email address
label-password = Password
label-password_confirm = Repeat password
label-current_password = Current password
label-display_name = Display name
label-language = Language
label-name = Name
label-description = Description
label-community-language = Language of the community
label-public_area = Public area visible
label-join_policy = How do people join?
label-slug = Short name (address)
label-hostname = Own web address
label-manager_email = Manager's email address
label-note = Note
label-valid_days = Valid (days)
label-max_uses = Can be used this many times
label-message = Message to the managers
label-tagline = Short description
label-registration_open = Anyone may register
hint-display_name = How other members see you, e.g. “Anna Smith”.
hint-password = At least 10 characters. A sentence of several words is easy to remember and safe.
hint-language = “Automatic” uses the community's or your browser's language.
hint-message = Optional: who are you and why would you like to join?
hint-description = You can use Markdown: **bold**, _italic_, lists and links.
hint-public_area = Unticked, only members see the description and the content.
hint-note = For example: “For the street party team”.
hint-slug = Lowercase letters, digits and hyphens, 3 to 40 characters. Appears in the address: /c/short-name
hint-hostname = Optional, e.g. ransbach.example.org. The name must point to this server.
hint-manager_email = Optional: an existing account that will manage the community.
language-automatic = Automatic

## Field errors
error-required = Please fill in this field.
error-too-long = The text is too long.
error-invalid-characters = The text contains control characters that are not allowed.
error-email-invalid = Please enter a valid email address, e.g. name@example.org.
error-email-taken = There is already an account with this email address. Log in or reset your password.
error-password-short = The password must be at least 10 characters long.
error-password-mismatch = The two passwords do not match.
error-password-wrong = The current password is not correct.
error-login-failed = Email address or password is not correct.
error-slug-invalid = Only lowercase letters, digits and hyphens (not at the start or end), 3 to 40 characters.
error-slug-taken = This short name is taken.
error-hostname-invalid = Please enter a valid name such as town.example.org.
error-hostname-taken = This address belongs to another community already.
error-choice-invalid = Please choose one of the options offered.
error-account-unknown = There is no account with this email address. The person has to register first.
error-number-invalid = Please enter a whole number.
error-number-range = The number is outside the allowed range.

## Error pages
error-heading-400 = Request not understood
error-heading-403 = No access
error-heading-404 = Page not found
error-heading-405 = Action not possible
error-heading-413 = Too much data
error-heading-415 = Format not supported
error-heading-422 = Input not understood
error-heading-429 = Too many attempts
error-heading-500 = Something went wrong
error-heading-503 = Busy right now
error-not-found = This page does not exist (any more). Perhaps its address has changed.
error-forbidden = You are not allowed to see this page.
error-too-many-attempts = Too many failed login attempts. Please wait 15 minutes or reset your password.
error-too-large = The data you sent is too large.
error-csrf = The form has expired. Please reload the page and try again.
error-bad-request = The request could not be processed.
error-method = This action is not possible at this address.
error-unavailable = The service is busy right now. Please try again in a moment.
error-internal = This was not your fault. The error has been logged; please try again later.
error-back-home = Go to the home page
forbidden-join-intro = This page is for members of { $name } only.
forbidden-join-invitation = You can only join this community with an invitation. Ask someone in the community for an invitation link.
forbidden-join-button = Join { $name }

## Log in and register
login-title = Log in
login-submit = Log in
login-forgot-link = Forgot your password?
login-no-account = No account yet?
register-title = Create an account
register-lead = With one account you can take part in every community on this platform.
register-submit = Create account
register-have-account = Already have an account?
register-closed = New accounts can only be created by the operators at the moment.
forgot-title = Forgot your password
forgot-lead = Enter your email address. We will send you a link to set a new password.
forgot-submit = Send link
forgot-sent = If there is an account with this address, an email with a link is on its way. The link is valid for one hour.
reset-title = Set a new password
reset-submit = Save password
reset-invalid = This link is invalid, has expired or has been used already.
reset-request-new = Request a new link
mail-reset-subject = Your new password for { $instance }
mail-reset-body =
    Hello { $name },

    someone (hopefully you) wants to set a new password for your account at { $instance }.
    This link lets you do that; it is valid for one hour:

    { $link }

    If this was not you, simply delete this email; your password stays as it is.

## Account
account-title = My account
account-signed-in-as = Logged in as { $email }
account-profile = Profile
account-password = Change password
account-change-password = Change password
account-memberships = My communities
account-no-memberships = You are not in any community yet.
account-find-communities = Find communities

## Community
community-member-count = { $count ->
    [one] 1 member
   *[other] { $count } members
}
community-members = Members
community-private-notice = This community shows its content to members only.
community-archived-notice = This community is archived. Only the operators can still see it.
community-archived-badge = archived
community-inside-heading = For members
community-your-role = Your role
community-modules-soon = Modules such as news, lost and found or room bookings appear here once the managers switch them on.
community-join-heading = Take part
community-join-button = Join
community-join-login = To join, log in or create an account.
community-leave = Leave community
join-title = Join
join-heading = Join { $name }
join-open-lead = This community is open. You become a member at once.
join-approval-lead = The managers decide on your request. You will see the result on the community's page.
join-request-button = Send request
join-pending = Your request is with the managers.
join-invitation-only = You can only join this community with an invitation.
invitation-title = Invitation
invitation-lead = You are invited to take part in { $name }.
invitation-accept = Accept invitation
invitation-login-first = Log in or create an account to accept the invitation.
invitation-invalid = This invitation is invalid, has expired or has been used up.

## Members
members-title = Members
members-directory = Member directory
members-requests = Join requests
members-no-requests = No open requests.
members-name = Name
members-role = Role
members-since = Member since
members-you = you
members-actions = Actions
members-request-message = Message
members-requested-at = Requested on
members-accept = Accept
members-decline = Decline
members-change-role = Change role
members-role-for = Role of { $name }
members-remove = Remove

## Community settings
settings-title = Settings
settings-general = General
settings-invitations = Invitation links
settings-invitations-lead = Whoever opens a valid link can become a member directly – even if the community otherwise only accepts requests.
settings-invitation-link = Link
settings-invitation-uses = Used
settings-invitation-expires = Valid until
settings-invitation-used-up = expired or used up
settings-invitation-revoke = Revoke
settings-invitation-new = New invitation link
settings-invitation-create = Create link
settings-audit = Log
settings-audit-empty = No entries yet.
settings-audit-when = When
settings-audit-who = Who
settings-audit-what = What
settings-audit-system = System
audit-member-role = Role changed
audit-member-leave = Left the community
audit-member-remove = Member removed
audit-join-accept = Request accepted
audit-join-decline = Request declined
audit-join-invitation = Joined by invitation
audit-community-create = Community created

## Instance administration
admin-title = Administration
admin-status = Status
admin-accounts = Accounts
admin-mail = Email
admin-mail-summary = { $queued } waiting, { $sent } sent, { $dead } failed
admin-mail-open = View the outbox
admin-mail-no-smtp = No mail server is configured: emails are not sent but written to files ({ $transport }). Set an SMTP server in the [mail] section of the configuration.
admin-mail-dead = { $count } emails could not be delivered for good.
admin-mail-title = Email delivery
admin-mail-transport = Delivery route
admin-mail-since-start = Since this process started: { $sent } sent, { $failed } failed attempts.
admin-mail-test = Send a test email
admin-mail-test-send = Send test email
admin-mail-outbox = Outbox
admin-mail-filter = Filter by state
admin-mail-all = All
admin-mail-subject = Subject
admin-mail-state = State
admin-mail-attempts = Attempts
admin-mail-queued-at = Queued
admin-mail-retry = Try again
admin-mail-empty = No emails in this state.
label-to = Recipient
mail-status-pending = Waiting
mail-status-sending = Being sent
mail-status-sent = Sent
mail-status-failed = Failed, will try again
mail-status-dead = Failed for good
mail-status-cancelled = Dropped
flash-mail-test-queued = The test email is in the outbox and will be sent shortly.
flash-mail-retry = The email will be tried again.
admin-communities = All communities
admin-new-community = New community
admin-create = Create community
admin-state = State
admin-public = public
admin-members-only = members only
admin-instance = Instance
admin-back = Back to administration
admin-managers = Managers of the community
admin-no-managers = This community has no manager yet.
admin-assign-manager = Make manager
admin-archive-heading = Archive
admin-archive-lead = Archived communities are invisible to everyone but the operators. Nothing is deleted.
admin-archive = Archive
admin-restore-lead = This community is archived. Restoring makes it visible again.
admin-restore = Restore

## Messages after an action
flash-registered = Welcome! Your account has been created.
flash-logged-in = You are logged in.
flash-logged-out = You are logged out.
flash-password-reset = Your new password is saved. You are logged in.
flash-password-changed = Your password has been changed. Other devices have been logged out.
flash-profile-saved = Your profile is saved.
flash-joined = Welcome! You are now a member.
flash-join-requested = Your request has been sent. The managers will decide soon.
flash-already-member = You are a member already.
flash-left = You have left the community.
flash-error-last-manager = That is not possible: the community needs at least one manager. Make someone else a manager first.
flash-role-changed = The role has been changed.
flash-member-removed = The member has been removed.
flash-request-accepted = The request has been accepted.
flash-request-declined = The request has been declined.
flash-settings-saved = The settings are saved.
flash-invitation-created = The invitation link has been created.
flash-invitation-revoked = The invitation link has been revoked.
flash-community-created = The community has been created.
flash-community-archived = The community has been archived.
flash-community-restored = The community has been restored.
flash-manager-assigned = The person is now a manager.

## Modules (plugins)
error-plugin = This module could not answer just now. The rest of the community keeps working; the error has been logged.
widget-failed = “{ $name }” cannot be shown right now.
capability-members-read = Look up members of this community (name and role)
capability-notify = Send notifications to members
capability-banners = Show notices at the top of every page of the community (e.g. a storm warning)
capability-blobs = Keep photos members upload (without location data)
upload-too-large = This photo is too large. Please choose a smaller photo or scale it down.
upload-not-an-image = This file is not a photo. JPEG, PNG, WebP and GIF are possible.
upload-too-many-pixels = This image has too many pixels. Please scale it down.
upload-too-many-files = Too many files at once. Please upload fewer photos.
upload-not-allowed = Photos cannot be uploaded here. Please log in.
capability-none = No special permissions
settings-modules = Modules
settings-modules-lead = Modules add features such as news or room bookings. Before you switch one on, you see what it may do. Switching it off hides it; its data is kept.
settings-modules-none = No modules are installed on this platform yet.
settings-module-on = on
settings-module-off = off
settings-module-version = Version { $version }
settings-module-capabilities = This module may:
settings-module-enable = Switch on
settings-module-disable = Switch off
settings-module-settings = Settings
error-setting-range = Please enter a whole number from { $min } to { $max }.
error-setting-minimum = Please enter a whole number of at least { $min }.
error-setting-maximum = Please enter a whole number of at most { $max }.
error-setting-too-long = The text is too long: at most { $max } characters.
flash-module-enabled = The module is switched on.
flash-module-disabled = The module is switched off. Its data is kept.
flash-module-settings-saved = The module's settings are saved.
audit-module-enable = Module switched on
audit-module-disable = Module switched off
admin-plugins = Modules (plugins)
admin-plugins-lead = Installed modules are available to every community; each community's managers switch them on. A new version replaces the old one and keeps all data.
admin-plugin-install-failed = The module was not installed
admin-plugin-id = Id
admin-plugin-version = Version
admin-plugin-mount = Address
admin-plugin-communities = Switched on in
admin-plugin-remove = Remove
admin-plugin-file = Module file (.wasm)
hint-plugin-file = A WebAssembly component for Quartier. It gets no permissions until a community switches it on.
admin-plugin-install = Install
flash-plugin-installed = The module is installed.
flash-plugin-removed = The module is removed. Its data stays in the database.
flash-error-plugin-missing = Please choose a module file.
banners-label = Current notices
banner-urgent = Urgent
banner-until = Valid until

# How notifications arrive: settings, unsubscribe, mails
delivery-title = Notifications by email
delivery-lead = Choose for each kind of notification whether it reaches you at once by email to { $email }, collected once a day, or only here in Quartier.
delivery-instant = Email at once
delivery-digest = Daily digest
delivery-app = Only in Quartier
delivery-default = default
delivery-always = Urgent notices and security emails (such as password resets) always arrive at once.
delivery-nothing = Your communities have no modules that send notifications yet.
delivery-back = Back to the notifications
notifications-settings = Settings
error-delivery-invalid = Please choose one of the offered options for every kind.
flash-delivery-saved = Your settings are saved.
unsubscribe-title = Unsubscribe from emails
unsubscribe-ask-kind = No more emails about “{ $kind }” from { $community }? You will still see them in your notifications in Quartier.
unsubscribe-ask-digest = No more daily digest? You will still see what it contained in your notifications in Quartier.
unsubscribe-button = Unsubscribe
unsubscribe-done-kind = Done: you will get no more emails about “{ $kind }” from { $community }.
unsubscribe-done-digest = Done: you will get no more daily digest.
unsubscribe-settings = Set everything one by one:
mail-hello = Hello { $name },
mail-urgent = Urgent
mail-open = View
mail-settings = Notification settings
mail-unsubscribe-kind = Unsubscribe from these emails
mail-unsubscribe-digest = Unsubscribe from the digest
mail-notification-subject = [{ $community }] { $title }
mail-notification-why = You get this email because you receive “{ $kind }” from { $community } by email at once.
mail-urgent-why = Urgent notices from { $community } always go to all members at once.
mail-digest-subject = Your digest: { $count } updates
mail-digest-intro = This happened in your communities since the last digest ({ $count }):
mail-digest-why = You get this email once a day when there is news you chose to receive collected.
mail-test-subject = Test email from { $instance }
mail-test-body = This test email shows that { $instance } can send emails.

## Moderation
nav-moderation = Moderation
error-blocked = The moderators have blocked you in this community for a while. You can read, but not write, sign up or join again until the block ends.
report-link = Report
report-link-label = to the moderators
report-title = Report content
report-back = Back to the content
report-lead = Your report goes to this community's moderators. The person you report is not told who reported.
report-already = You have already reported this. The moderators are on it; you will hear what they decided.
report-reason = What is the problem?
report-reason-spam = Spam or advertising
report-reason-insult = Insult or hate speech
report-reason-personal-data = Someone else's personal data
report-reason-misinformation = Wrong or dangerous information
report-reason-other = Something else
report-note = Explanation
report-note-hint = Optional; needed for “Something else”. At most 1000 characters.
report-send = Send report
report-error-reason = Please choose what the problem is.
report-error-note = Please describe the problem briefly.
report-error-note-long = The explanation can be at most 1000 characters long.
report-error-own = You cannot report your own posts; you can change or delete them yourself.
flash-reported = Thank you – the moderators have your report.
flash-error-already-reported = You have already reported this.
moderation-title = Moderation
moderation-log-link = Log of every moderation step
moderation-open = Open reports
moderation-empty = No open reports.
moderation-reports = { $count ->
    [one] 1 report
   *[other] { $count } reports
}
moderation-hidden = hidden
moderation-gone = no longer there
moderation-since = reported since
moderation-author = Written by
moderation-no-author = unknown
moderation-open-item = View
moderation-decision = Decision
moderation-keep = Fine – keep it visible
moderation-hide = Hide
moderation-delete = Delete
moderation-warning = Message to the author (optional)
moderation-warning-hint = They are not told who reported.
moderation-block = Block the author
moderation-block-none = Do not block
moderation-block-1 = for one day
moderation-block-7 = for one week
moderation-block-30 = for 30 days
moderation-block-forever = until further notice
moderation-decide = Decide
moderation-decided = Decided recently
moderation-item = Content
moderation-outcome = Outcome
moderation-when = When
moderation-case = Case
moderation-status-kept = kept visible
moderation-status-hidden = hidden
moderation-status-deleted = deleted
moderation-restore = Show again
moderation-log-title = Moderation log
moderation-log-lead = Every step of moderating and running this community, recorded for good.
moderation-log-csv = Download as CSV
flash-error-decision-missing = Please choose a decision.
flash-error-warning-too-long = The message can be at most 1000 characters long.
flash-error-case-closed = This case has already been decided.
flash-case-decided = Decided. The reporters will be told.
flash-case-restored = The content is visible again.
audit-moderation-report = Reported
audit-moderation-auto-hide = Hidden automatically after several reports
audit-moderation-keep = Report dismissed, content kept
audit-moderation-hide = Content hidden
audit-moderation-delete = Content deleted
audit-moderation-warn = Author warned
audit-moderation-block = Author blocked
audit-moderation-restore = Content shown again
moderation-notice-report-title = New report: { $title }
moderation-notice-report-body = Some content was reported to the moderators. Please look at it in the moderation queue.
moderation-notice-outcome-title = Your report was handled
moderation-notice-outcome-kept = The moderators reviewed “{ $title }” and kept it visible. Thank you for letting them know.
moderation-notice-outcome-hidden = The moderators hid “{ $title }”. Thank you for letting them know.
moderation-notice-outcome-deleted = The moderators deleted “{ $title }”. Thank you for letting them know.
moderation-notice-warning-title = A note from the moderators about “{ $title }”
moderation-notice-warning-body = { $message }
moderation-notice-blocked-title = You are blocked in this community
moderation-notice-blocked-until = The moderators have blocked you until { $until }. Until then you can read but not write.
moderation-notice-blocked-open = The moderators have blocked you until further notice. You can read but not write.
moderation-kind-reports = New reports (for moderators)
moderation-kind-outcomes = Outcomes of my reports
moderation-kind-warnings = Notes from the moderators to me
