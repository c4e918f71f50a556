# Mach mit! — deutsche Texte
index-title = Mach mit!
index-lead = Hier suchen Vereine, Initiativen und Nachbar:innen Hilfe – für eine Schicht, zum Aufbauen oder zum Mitbringen. Ein Klick genügt.
index-empty = Gerade sucht niemand Hilfe.
index-none-matching = Keine Aufrufe passen zu dieser Auswahl.
index-past = Vergangene Aufrufe
widget-none = Gerade werden keine Helfer:innen gesucht.
filter-label = Aufrufe auswählen
filter-date = An diesem Tag
filter-needs = Nur wo noch Hilfe fehlt
filter-apply = Anzeigen
filter-reset = Alle zeigen
members-only = Nur für Mitglieder
status-open = offen
status-closed = geschlossen
status-cancelled = abgesagt
status-past = vorbei
card-open-places = { $count ->
    [one] noch 1 Platz frei
   *[other] noch { $count } Plätze frei
}
card-missing = Zum Mitbringen fehlt noch etwas
card-complete = Alles beisammen – danke!
call-new = Aufruf starten
call-edit = Aufruf bearbeiten
call-post = Aufruf veröffentlichen
call-close = Eintragungen schließen
call-reopen = Eintragungen wieder öffnen
cancel-call = Aufruf absagen
cancel-call-title = Aufruf absagen
cancel-call-lead = { $count ->
    [0] Noch hat sich niemand eingetragen.
    [one] Eine Person ist eingetragen; sie erfährt die Absage mit deinem Grund.
   *[other] { $count } Personen sind eingetragen; sie erfahren die Absage mit deinem Grund.
}
call-cancelled-notice = Dieser Aufruf wurde abgesagt.
call-closed-notice = Für diesen Aufruf kann man sich gerade nicht eintragen.
reason = Grund
back = Zurück
back-to-list = Alle Aufrufe
back-to-call = Zurück zu „{ $title }“
save = Speichern
send = Senden
fact-when = Wann
fact-place = Wo
fact-organiser = Organisation
label-title = Titel
hint-title = Zum Beispiel „Helfer:innen für das Dorffest“.
label-description = Beschreibung
hint-description = Was ist geplant, was erwartet die Helfer:innen? Markdown ist möglich.
label-on-behalf = Für einen Verein oder eine Gruppe
hint-on-behalf = Freiwillig, zum Beispiel „TSV Ransbach“.
label-place = Ort
label-visibility = Wer sieht den Aufruf?
visibility-public = Alle, auch ohne Anmeldung
visibility-members = Nur Mitglieder der Gemeinschaft
label-remind = Erinnerung an die Helfer:innen
hours-before = { $count ->
    [one] 1 Stunde vorher
   *[other] { $count } Stunden vorher
}
no-reminder = keine Erinnerung
label-cutoff = Austragen möglich bis
hint-cutoff = Danach kann man sich nicht mehr selbst austragen, sondern meldet sich bei der Organisation.
until-start = bis zum Beginn
first-shift = Die erste Schicht
hint-first-shift = Weitere Schichten und Dinge zum Mitbringen fügst du danach auf der Seite des Aufrufs hinzu.
shifts-title = Schichten
shift-new = Schicht hinzufügen
shift-add = Schicht hinzufügen
shift-edit = Schicht bearbeiten
shift-delete = Schicht löschen
shift-edit-notice = { $count ->
    [one] Eine Person ist eingetragen. Eine neue Zeit erfährt sie sofort.
   *[other] { $count } Personen sind eingetragen. Eine neue Zeit erfahren sie sofort.
}
shift-count = { $confirmed } von { $max } Plätzen belegt
shift-waiting = { $count } auf der Warteliste
shift-needs-min = mindestens { $count } gebraucht
label-date = Datum
label-start = Beginn
label-end = Ende
label-shift-label = Bezeichnung
hint-shift-label = Zum Beispiel „Aufbau“ oder „Kuchenstand 14–16 Uhr“.
label-max = Plätze
label-min = Mindestens gebraucht
hint-min = Freiwillig; leer heißt: alle Plätze.
items-title = Was gebraucht wird
item-new = Sache hinzufügen
item-add = Hinzufügen
item-edit = Bearbeiten
item-delete = Löschen
item-pledged-notice = Es sind schon { $count } zugesagt.
item-progress = { $missing ->
    [0] Alles zugesagt ({ $wanted })
   *[other] Es fehlen noch { $missing } von { $wanted }
}
item-extra-welcome = gern auch mehr
label-item = Was?
hint-item = Zum Beispiel „Leitern“ oder „Kuchen“.
label-wanted = Wie viele?
label-extra-welcome = Mehr als angegeben ist auch willkommen
pledge = Bringe ich mit
pledge-title = Mitbringen
pledge-mine = Du bringst { $count } mit.
pledgers-title = Zugesagt von
withdraw = Zurückziehen
label-quantity = Anzahl
sign-up = Ich helfe mit
sign-up-with-comment = mit Anmerkung eintragen
join-waiting-list = Auf die Warteliste
signup-title = Eintragen
signup-full-notice = Diese Schicht ist voll. Du kommst auf die Warteliste und rückst automatisch nach, sobald jemand absagt.
label-comment = Anmerkung
hint-comment = Freiwillig. Nur die Organisation sieht sie.
label-show-name = Meinen Namen den anderen Helfer:innen dieses Aufrufs zeigen
hint-show-name = Sonst sieht nur die Organisation, wer sich eingetragen hat.
mine-comment = Deine Anmerkung
mine-confirmed = Du bist eingetragen.
mine-waiting = Du stehst auf der Warteliste (Platz { $position }).
cancel-signup = Austragen
leave-waiting-list = Warteliste verlassen
cutoff-passed-hint = Zum Austragen ist es zu spät; bitte melde dich bei der Organisation.
add-to-calendar = In den Kalender (.ics)
people-title = Eingetragen
people-shown-title = Dabei sind unter anderem
waiting-position = Warteliste, Platz { $position }
remove = Entfernen
remove-title = Eintragung entfernen
remove-lead = { $name } ist eingetragen für { $when }.
label-reason = Grund
hint-reason-told = Die Person erfährt den Grund.
message-title = Nachricht an alle Eingetragenen
message-lead = { $count ->
    [0] Noch hat sich niemand eingetragen.
    [one] Die Nachricht geht an eine Person.
   *[other] Die Nachricht geht an { $count } Personen.
}
label-message = Nachricht
contact-title = Die Organisation fragen
contact-lead = Deine Nachricht geht an die Person, die den Aufruf gestartet hat. Sie sieht deinen Namen.
login-to-help = Melde dich an, um dich einzutragen.
organise-title = Organisation
mine-title = Meine Einsätze
mine-shifts = Meine Schichten
mine-no-shifts = Du bist für keine kommende Schicht eingetragen.
mine-pledges = Was ich mitbringe
mine-organised = Meine Aufrufe
feed-title = Im eigenen Kalender
feed-lead = Mit einem Kalender-Abo stehen deine Schichten in deinem Kalender und bleiben aktuell.
feed-link = Dein persönlicher Link
feed-secret = Dieser Link ist geheim: Wer ihn kennt, sieht deine Einsätze. Erneuern macht den alten Link ungültig.
feed-create = Kalender-Link erstellen
feed-renew = Neuen Link erstellen
form-errors = Bitte prüfe deine Angaben
error-required = Bitte ausfüllen.
error-reason-missing = Bitte einen Grund angeben.
error-message-missing = Bitte eine Nachricht schreiben.
error-end-before-start = Das Ende muss nach dem Beginn liegen.
error-past = Dieser Zeitpunkt liegt in der Vergangenheit.
error-date = Bitte ein Datum wie 2026-07-04 angeben.
error-time = Bitte eine Uhrzeit wie 14:30 angeben.
error-whole-number = Bitte eine ganze Zahl ab 1 angeben.
error-whole-number-zero = Bitte eine ganze Zahl ab 0 angeben.
error-min-above-max = Höchstens so viele wie Plätze.
error-below-confirmed = Es sind schon mehr Personen eingetragen.
error-only-missing = Es fehlen nur noch { $count }.
error-too-long = Dieser Text ist zu lang.
error-choice = Bitte eine der Möglichkeiten wählen.
error-changed-meanwhile = Jemand anderes hat das inzwischen geändert. Bitte lade die Seite neu.
flash-call-posted = Dein Aufruf ist veröffentlicht.
flash-saved = Gespeichert.
flash-call-closed = Eintragungen sind geschlossen.
flash-call-reopened = Eintragungen sind wieder möglich.
flash-call-cancelled = Der Aufruf ist abgesagt; alle Eingetragenen wurden benachrichtigt.
flash-call-cancelled-already = Dieser Aufruf ist bereits abgesagt.
flash-message-sent = Deine Nachricht ist verschickt.
flash-nobody-yet = Noch hat sich niemand eingetragen.
flash-shift-added = Die Schicht ist hinzugefügt.
flash-shift-deleted = Die Schicht ist gelöscht; die Eingetragenen wurden benachrichtigt.
flash-last-shift = Die letzte Schicht eines Aufrufs kann nicht gelöscht werden. Sage stattdessen den Aufruf ab.
flash-item-added = Hinzugefügt.
flash-item-deleted = Gelöscht.
flash-signed-up = Du bist eingetragen. Danke!
flash-waiting-list = Die Schicht ist voll – du stehst auf der Warteliste und rückst automatisch nach.
flash-already-signed-up = Du bist für diese Schicht schon eingetragen.
flash-not-accepting = Für diesen Aufruf kann man sich nicht mehr eintragen.
flash-cancelled = Du bist ausgetragen.
flash-cutoff-passed = Die Frist zum Austragen ist vorbei. Bitte melde dich bei der Organisation.
flash-removed = Die Eintragung ist entfernt; die Person wurde benachrichtigt.
flash-pledged = Danke! Deine Zusage ist gespeichert.
flash-withdrawn = Deine Zusage ist zurückgezogen.
flash-feed-ready = Dein Kalender-Link ist bereit.
call-hidden-notice = Die Moderation hat diesen Aufruf ausgeblendet. Nur du und die Moderation sehen ihn.
error-blocked = Die Organisation möchte keine Nachrichten von dir bekommen. Deine Nachricht wurde nicht verschickt.
blocked-contact-notice = Die Person, die diesen Aufruf organisiert, möchte keine Nachrichten von dir bekommen. Du kannst ihr hier nicht schreiben. Wenn es wichtig ist, wende dich an die Moderation.
