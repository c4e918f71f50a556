# Deutsche Texte der Quartier-Oberfläche. Einfache Sprache, Anrede „Sie“.
# Jeder Schlüssel muss auch in en.ftl stehen (ein Test prüft das).

## Rahmen
skip-to-content = Zum Inhalt springen
nav-label-main = Hauptnavigation
nav-label-community = Bereiche von { $name }
nav-login = Anmelden
nav-register = Registrieren
nav-logout = Abmelden
nav-admin = Verwaltung
nav-notifications = Benachrichtigungen
nav-notifications-unread = ungelesen
notifications-title = Benachrichtigungen
notifications-empty = Noch keine Benachrichtigungen. Hier erscheint, was die Bereiche deiner Gemeinschaften dir mitteilen: Erinnerungen, Entscheidungen, Nachrichten.
notifications-read-all = Alle als gelesen markieren
notifications-new = neu
notifications-urgent = dringend
flash-notifications-read = Alle Benachrichtigungen sind als gelesen markiert.
nav-community-home = Übersicht
nav-members = Mitglieder
nav-settings = Einstellungen
footer-language = Sprache:
footer-powered = Betrieben mit Quartier – freie Software für lokale Gemeinschaften.
save = Speichern
back-to-community = Zurück zur Gemeinschaft
form-has-errors = Bitte prüfen Sie Ihre Eingaben

## Rollen und Beitrittsregeln
role-visitor = Gast
role-member = Mitglied
role-moderator = Moderation
role-manager = Verwaltung
role-operator = Betrieb
policy-open = Offen für alle
policy-approval = Beitritt auf Anfrage
policy-invitation = Nur mit Einladung

## Startseite
home-lead = Nachbarschaften, Vereine und Gemeinden an einem Ort.
home-my-communities = Meine Gemeinschaften
home-communities = Gemeinschaften
home-search-label = Gemeinschaften durchsuchen
home-search-placeholder = Name eingeben
home-search-button = Suchen
home-no-results = Keine Gemeinschaft passt zu „{ $q }“.
home-no-communities = Hier gibt es noch keine öffentlichen Gemeinschaften.

## Feldbezeichnungen und Hinweise
label-email = E-Mail-Adresse
label-password = Passwort
label-password_confirm = Passwort wiederholen
label-current_password = Aktuelles Passwort
label-display_name = Anzeigename
label-language = Sprache
label-name = Name
label-description = Beschreibung
label-community-language = Sprache der Gemeinschaft
label-public_area = Öffentlicher Bereich sichtbar
label-join_policy = Wie wird man Mitglied?
label-slug = Kurzname (Adresse)
label-hostname = Eigene Internetadresse
label-manager_email = E-Mail-Adresse der Verwaltung
label-note = Notiz
label-valid_days = Gültig (Tage)
label-max_uses = Höchstens so oft nutzbar
label-message = Nachricht an die Verwaltung
label-tagline = Kurzbeschreibung
label-registration_open = Jede Person darf sich registrieren
hint-display_name = So sehen Sie andere Mitglieder, z. B. „Anna Schmidt“.
hint-password = Mindestens 10 Zeichen. Ein Satz aus mehreren Wörtern ist leicht zu merken und sicher.
hint-language = „Automatisch“ nimmt die Sprache der Gemeinschaft oder Ihres Browsers.
hint-message = Freiwillig: Wer sind Sie und warum möchten Sie mitmachen?
hint-description = Sie können Markdown verwenden: **fett**, _kursiv_, Listen und Links.
hint-public_area = Ohne Haken sehen nur Mitglieder die Beschreibung und die Inhalte.
hint-note = Zum Beispiel: „Für das Straßenfest-Team“.
hint-slug = Kleinbuchstaben, Ziffern und Bindestriche, 3 bis 40 Zeichen. Erscheint in der Adresse: /c/kurzname
hint-hostname = Freiwillig, z. B. ransbach.example.org. Der Name muss auf diesen Server zeigen.
hint-manager_email = Freiwillig: ein vorhandenes Konto, das die Gemeinschaft verwaltet.
language-automatic = Automatisch

## Fehlermeldungen zu Feldern
error-required = Bitte füllen Sie dieses Feld aus.
error-too-long = Der Text ist zu lang.
error-invalid-characters = Der Text enthält unzulässige Steuerzeichen.
error-email-invalid = Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.
error-email-taken = Zu dieser E-Mail-Adresse gibt es schon ein Konto. Melden Sie sich an oder setzen Sie Ihr Passwort zurück.
error-password-short = Das Passwort muss mindestens 10 Zeichen lang sein.
error-password-mismatch = Die beiden Passwörter stimmen nicht überein.
error-password-wrong = Das aktuelle Passwort stimmt nicht.
error-login-failed = E-Mail-Adresse oder Passwort stimmen nicht.
error-slug-invalid = Nur Kleinbuchstaben, Ziffern und Bindestriche (nicht am Anfang oder Ende), 3 bis 40 Zeichen.
error-slug-taken = Dieser Kurzname ist schon vergeben.
error-hostname-invalid = Bitte geben Sie einen gültigen Namen wie ort.example.org ein.
error-hostname-taken = Diese Adresse gehört schon zu einer anderen Gemeinschaft.
error-choice-invalid = Bitte wählen Sie eine der angebotenen Möglichkeiten.
error-account-unknown = Zu dieser E-Mail-Adresse gibt es kein Konto. Die Person muss sich zuerst registrieren.
error-number-invalid = Bitte geben Sie eine ganze Zahl ein.
error-number-range = Die Zahl liegt außerhalb des erlaubten Bereichs.

## Fehlerseiten
error-heading-400 = Anfrage nicht verständlich
error-heading-403 = Kein Zugriff
error-heading-404 = Seite nicht gefunden
error-heading-405 = Aktion nicht möglich
error-heading-413 = Zu viele Daten
error-heading-415 = Format nicht unterstützt
error-heading-422 = Eingabe nicht verständlich
error-heading-429 = Zu viele Versuche
error-heading-500 = Etwas ist schiefgegangen
error-heading-503 = Gerade überlastet
error-not-found = Diese Seite gibt es nicht (mehr). Vielleicht hat sich die Adresse geändert.
error-forbidden = Sie haben keine Berechtigung für diese Seite.
error-too-many-attempts = Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie 15 Minuten oder setzen Sie Ihr Passwort zurück.
error-too-large = Die gesendeten Daten sind zu groß.
error-csrf = Das Formular ist abgelaufen. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.
error-bad-request = Die Anfrage konnte nicht verarbeitet werden.
error-method = Diese Aktion ist an dieser Adresse nicht möglich.
error-unavailable = Der Dienst ist gerade überlastet. Bitte versuchen Sie es gleich noch einmal.
error-internal = Das lag nicht an Ihnen. Der Fehler wurde protokolliert; bitte versuchen Sie es später noch einmal.
error-back-home = Zur Startseite
forbidden-join-intro = Diese Seite ist nur für Mitglieder von { $name }.
forbidden-join-invitation = Mitglied wird man hier nur mit einer Einladung. Fragen Sie jemanden aus der Gemeinschaft nach einem Einladungslink.
forbidden-join-button = { $name } beitreten

## Anmelden und Registrieren
login-title = Anmelden
login-submit = Anmelden
login-forgot-link = Passwort vergessen?
login-no-account = Noch kein Konto?
register-title = Konto anlegen
register-lead = Mit einem Konto können Sie in allen Gemeinschaften dieser Plattform mitmachen.
register-submit = Konto anlegen
register-have-account = Schon ein Konto?
register-closed = Neue Konten können zurzeit nur vom Betrieb angelegt werden.
forgot-title = Passwort vergessen
forgot-lead = Geben Sie Ihre E-Mail-Adresse ein. Wir schicken Ihnen einen Link, mit dem Sie ein neues Passwort festlegen.
forgot-submit = Link anfordern
forgot-sent = Wenn es zu dieser Adresse ein Konto gibt, ist eine E-Mail mit einem Link unterwegs. Der Link ist eine Stunde gültig.
reset-title = Neues Passwort festlegen
reset-submit = Passwort speichern
reset-invalid = Dieser Link ist ungültig, abgelaufen oder wurde schon benutzt.
reset-request-new = Neuen Link anfordern
mail-reset-subject = Ihr neues Passwort für { $instance }
mail-reset-body =
    Hallo { $name },

    jemand (hoffentlich Sie) möchte das Passwort Ihres Kontos bei { $instance } neu festlegen.
    Mit diesem Link geht das, er ist eine Stunde lang gültig:

    { $link }

    Wenn Sie das nicht waren, können Sie diese E-Mail einfach löschen; Ihr Passwort bleibt dann wie es ist.

## Konto
account-title = Mein Konto
account-signed-in-as = Angemeldet als { $email }
account-profile = Profil
account-password = Passwort ändern
account-change-password = Passwort ändern
account-memberships = Meine Gemeinschaften
account-no-memberships = Sie sind noch in keiner Gemeinschaft.
account-find-communities = Gemeinschaften finden

## Gemeinschaft
community-member-count = { $count ->
    [one] 1 Mitglied
   *[other] { $count } Mitglieder
}
community-members = Mitglieder
community-private-notice = Diese Gemeinschaft zeigt ihre Inhalte nur Mitgliedern.
community-archived-notice = Diese Gemeinschaft ist archiviert. Nur der Betrieb sieht sie noch.
community-archived-badge = archiviert
community-inside-heading = Für Mitglieder
community-your-role = Ihre Rolle
community-modules-soon = Module wie Neuigkeiten, Fundsachen oder Raumbuchungen erscheinen hier, sobald die Verwaltung sie einschaltet.
community-join-heading = Mitmachen
community-join-button = Beitreten
community-join-login = Um beizutreten, melden Sie sich an oder legen Sie ein Konto an.
community-leave = Gemeinschaft verlassen
join-title = Beitreten
join-heading = { $name } beitreten
join-open-lead = Diese Gemeinschaft ist offen. Sie sind sofort Mitglied.
join-approval-lead = Die Verwaltung entscheidet über Ihre Anfrage. Sie sehen das Ergebnis auf der Seite der Gemeinschaft.
join-request-button = Anfrage senden
join-pending = Ihre Anfrage liegt der Verwaltung vor.
join-invitation-only = Mitglied wird man hier nur mit einer Einladung.
invitation-title = Einladung
invitation-lead = Sie sind eingeladen, bei { $name } mitzumachen.
invitation-accept = Einladung annehmen
invitation-login-first = Melden Sie sich an oder legen Sie ein Konto an, um die Einladung anzunehmen.
invitation-invalid = Diese Einladung ist ungültig, abgelaufen oder aufgebraucht.

## Mitglieder
members-title = Mitglieder
members-directory = Mitgliederverzeichnis
members-requests = Beitrittsanfragen
members-no-requests = Keine offenen Anfragen.
members-name = Name
members-role = Rolle
members-since = Mitglied seit
members-you = Sie
members-actions = Aktionen
members-request-message = Nachricht
members-requested-at = Angefragt am
members-accept = Annehmen
members-decline = Ablehnen
members-change-role = Rolle ändern
members-role-for = Rolle von { $name }
members-remove = Entfernen

## Einstellungen der Gemeinschaft
settings-title = Einstellungen
settings-general = Allgemein
settings-invitations = Einladungslinks
settings-invitations-lead = Wer einen gültigen Link öffnet, kann direkt Mitglied werden – auch wenn die Gemeinschaft sonst nur auf Anfrage aufnimmt.
settings-invitation-link = Link
settings-invitation-uses = Genutzt
settings-invitation-expires = Gültig bis
settings-invitation-used-up = abgelaufen oder aufgebraucht
settings-invitation-revoke = Zurückziehen
settings-invitation-new = Neuer Einladungslink
settings-invitation-create = Link erstellen
settings-audit = Protokoll
settings-audit-empty = Noch keine Einträge.
settings-audit-when = Wann
settings-audit-who = Wer
settings-audit-what = Was
settings-audit-system = System
audit-member-role = Rolle geändert
audit-member-leave = Gemeinschaft verlassen
audit-member-remove = Mitglied entfernt
audit-join-accept = Anfrage angenommen
audit-join-decline = Anfrage abgelehnt
audit-join-invitation = Per Einladung beigetreten
audit-community-create = Gemeinschaft angelegt

## Verwaltung der Instanz
admin-title = Verwaltung
admin-status = Zustand
admin-accounts = Konten
admin-mail = E-Mail
admin-mail-summary = { $queued } warten, { $sent } versandt, { $dead } gescheitert
admin-mail-open = Postausgang ansehen
admin-mail-no-smtp = Es ist kein Mailserver eingerichtet: E-Mails werden nicht verschickt, sondern als Dateien abgelegt ({ $transport }). Tragen Sie im Abschnitt [mail] der Konfiguration einen SMTP-Server ein.
admin-mail-dead = { $count } E-Mails konnten endgültig nicht zugestellt werden.
admin-mail-title = E-Mail-Versand
admin-mail-transport = Versandweg
admin-mail-since-start = Seit dem Start dieses Prozesses: { $sent } versandt, { $failed } Fehlversuche.
admin-mail-test = Test-E-Mail senden
admin-mail-test-send = Test-E-Mail senden
admin-mail-outbox = Postausgang
admin-mail-filter = Nach Zustand filtern
admin-mail-all = Alle
admin-mail-subject = Betreff
admin-mail-state = Zustand
admin-mail-attempts = Versuche
admin-mail-queued-at = Eingereiht
admin-mail-retry = Erneut versuchen
admin-mail-empty = Keine E-Mails in diesem Zustand.
label-to = Empfänger
mail-status-pending = Wartend
mail-status-sending = Wird gesendet
mail-status-sent = Versandt
mail-status-failed = Fehlgeschlagen, neuer Versuch folgt
mail-status-dead = Endgültig gescheitert
mail-status-cancelled = Entfallen
flash-mail-test-queued = Die Test-E-Mail ist im Postausgang und wird gleich verschickt.
flash-mail-retry = Die E-Mail wird erneut versucht.
admin-communities = Alle Gemeinschaften
admin-new-community = Neue Gemeinschaft
admin-create = Gemeinschaft anlegen
admin-state = Zustand
admin-public = öffentlich
admin-members-only = nur Mitglieder
admin-instance = Instanz
admin-back = Zurück zur Verwaltung
admin-managers = Verwaltung der Gemeinschaft
admin-no-managers = Diese Gemeinschaft hat noch niemanden in der Verwaltung.
admin-assign-manager = Zur Verwaltung ernennen
admin-archive-heading = Archivieren
admin-archive-lead = Archivierte Gemeinschaften sind für alle außer dem Betrieb unsichtbar. Es wird nichts gelöscht.
admin-archive = Archivieren
admin-restore-lead = Diese Gemeinschaft ist archiviert. Wiederherstellen macht sie wieder sichtbar.
admin-restore = Wiederherstellen

## Kurzmeldungen nach einer Aktion
flash-registered = Willkommen! Ihr Konto ist angelegt.
flash-logged-in = Sie sind angemeldet.
flash-logged-out = Sie sind abgemeldet.
flash-password-reset = Ihr neues Passwort ist gespeichert. Sie sind angemeldet.
flash-password-changed = Ihr Passwort ist geändert. Andere Geräte wurden abgemeldet.
flash-profile-saved = Ihr Profil ist gespeichert.
flash-joined = Willkommen! Sie sind jetzt Mitglied.
flash-join-requested = Ihre Anfrage ist gesendet. Die Verwaltung entscheidet bald.
flash-already-member = Sie sind bereits Mitglied.
flash-left = Sie haben die Gemeinschaft verlassen.
flash-error-last-manager = Das geht nicht: Die Gemeinschaft braucht mindestens eine Person in der Verwaltung. Ernennen Sie zuerst jemand anderen.
flash-role-changed = Die Rolle ist geändert.
flash-member-removed = Das Mitglied ist entfernt.
flash-request-accepted = Die Anfrage ist angenommen.
flash-request-declined = Die Anfrage ist abgelehnt.
flash-settings-saved = Die Einstellungen sind gespeichert.
flash-invitation-created = Der Einladungslink ist erstellt.
flash-invitation-revoked = Der Einladungslink ist zurückgezogen.
flash-community-created = Die Gemeinschaft ist angelegt.
flash-community-archived = Die Gemeinschaft ist archiviert.
flash-community-restored = Die Gemeinschaft ist wiederhergestellt.
flash-manager-assigned = Die Person gehört jetzt zur Verwaltung.

## Module (Plugins)
error-plugin = Dieses Modul konnte gerade nicht antworten. Der Rest der Gemeinschaft funktioniert weiter; der Fehler wurde protokolliert.
widget-failed = „{ $name }“ kann gerade nicht angezeigt werden.
capability-members-read = Mitglieder dieser Gemeinschaft nachschlagen (Name und Rolle)
capability-notify = Mitgliedern Benachrichtigungen schicken
capability-banners = Hinweise oben auf jeder Seite der Gemeinschaft zeigen (z. B. eine Unwetterwarnung)
capability-blobs = Fotos speichern, die Mitglieder hochladen (ohne Standortdaten)
upload-too-large = Dieses Foto ist zu groß. Bitte wählen Sie ein kleineres Foto oder verkleinern Sie es.
upload-not-an-image = Diese Datei ist kein Foto. Möglich sind JPEG, PNG, WebP und GIF.
upload-too-many-pixels = Dieses Bild hat zu viele Bildpunkte. Bitte verkleinern Sie es.
upload-too-many-files = Zu viele Dateien auf einmal. Bitte laden Sie weniger Fotos hoch.
upload-not-allowed = Hier können keine Fotos hochgeladen werden. Bitte melden Sie sich an.
capability-none = Keine besonderen Rechte
settings-modules = Module
settings-modules-lead = Module sind Zusatzfunktionen wie Neuigkeiten oder Raumbuchungen. Sie sehen vor dem Einschalten, was ein Modul darf. Ausschalten versteckt es; seine Daten bleiben erhalten.
settings-modules-none = Auf dieser Plattform sind noch keine Module installiert.
settings-module-on = eingeschaltet
settings-module-off = ausgeschaltet
settings-module-version = Version { $version }
settings-module-capabilities = Dieses Modul darf:
settings-module-enable = Einschalten
settings-module-disable = Ausschalten
settings-module-settings = Einstellungen
error-setting-range = Bitte geben Sie eine ganze Zahl von { $min } bis { $max } ein.
error-setting-minimum = Bitte geben Sie eine ganze Zahl ab { $min } ein.
error-setting-maximum = Bitte geben Sie eine ganze Zahl bis höchstens { $max } ein.
error-setting-too-long = Der Text ist zu lang: höchstens { $max } Zeichen.
flash-module-enabled = Das Modul ist eingeschaltet.
flash-module-disabled = Das Modul ist ausgeschaltet. Seine Daten bleiben erhalten.
flash-module-settings-saved = Die Einstellungen des Moduls sind gespeichert.
audit-module-enable = Modul eingeschaltet
audit-module-disable = Modul ausgeschaltet
admin-plugins = Module (Plugins)
admin-plugins-lead = Installierte Module stehen allen Gemeinschaften zur Verfügung; deren Verwaltung schaltet sie einzeln ein. Eine neue Version ersetzt die alte und behält alle Daten.
admin-plugin-install-failed = Das Modul wurde nicht installiert
admin-plugin-id = Kennung
admin-plugin-version = Version
admin-plugin-mount = Adresse
admin-plugin-communities = Eingeschaltet in
admin-plugin-remove = Entfernen
admin-plugin-file = Moduldatei (.wasm)
hint-plugin-file = Eine WebAssembly-Komponente für Quartier. Sie erhält keine Rechte, bis eine Gemeinschaft sie einschaltet.
admin-plugin-install = Installieren
flash-plugin-installed = Das Modul ist installiert.
flash-plugin-removed = Das Modul ist entfernt. Seine Daten bleiben in der Datenbank.
flash-error-plugin-missing = Bitte wählen Sie eine Moduldatei aus.
banners-label = Aktuelle Hinweise
banner-urgent = Dringend
banner-until = Gilt bis

# How notifications arrive: settings, unsubscribe, mails
delivery-title = Benachrichtigungen per E-Mail
delivery-lead = Wähle für jede Art von Benachrichtigung, ob sie dich sofort per E-Mail an { $email }, einmal am Tag gesammelt oder nur hier in Quartier erreicht.
delivery-instant = Sofort per E-Mail
delivery-digest = Tägliche Zusammenfassung
delivery-app = Nur in Quartier
delivery-default = Voreinstellung
delivery-always = Dringende Hinweise und Sicherheits-E-Mails (etwa zum Zurücksetzen des Passworts) kommen immer sofort.
delivery-nothing = Deine Gemeinschaften haben noch keine Bereiche, die Benachrichtigungen senden.
delivery-back = Zurück zu den Benachrichtigungen
notifications-settings = Einstellungen
error-delivery-invalid = Bitte wähle für jede Art eine der angebotenen Möglichkeiten.
flash-delivery-saved = Deine Einstellungen sind gespeichert.
unsubscribe-title = E-Mails abbestellen
unsubscribe-ask-kind = Keine E-Mails mehr zu „{ $kind }“ aus { $community }? Du siehst sie weiter in deinen Benachrichtigungen in Quartier.
unsubscribe-ask-digest = Keine tägliche Zusammenfassung mehr? Was darin stand, siehst du weiter in deinen Benachrichtigungen in Quartier.
unsubscribe-button = Abbestellen
unsubscribe-done-kind = Erledigt: Zu „{ $kind }“ aus { $community } bekommst du keine E-Mails mehr.
unsubscribe-done-digest = Erledigt: Du bekommst keine tägliche Zusammenfassung mehr.
unsubscribe-settings = Alles einzeln einstellen:
mail-hello = Hallo { $name },
mail-urgent = Dringend
mail-open = Ansehen
mail-settings = Einstellungen für Benachrichtigungen
mail-unsubscribe-kind = Diese E-Mails abbestellen
mail-unsubscribe-digest = Die Zusammenfassung abbestellen
mail-notification-subject = [{ $community }] { $title }
mail-notification-why = Du bekommst diese E-Mail, weil du „{ $kind }“ aus { $community } sofort per E-Mail erhältst.
mail-urgent-why = Dringende Hinweise aus { $community } gehen immer sofort an alle Mitglieder.
mail-digest-subject = Deine Zusammenfassung: { $count } Neuigkeiten
mail-digest-intro = Das ist seit der letzten Zusammenfassung in deinen Gemeinschaften passiert ({ $count }):
mail-digest-why = Du bekommst diese E-Mail einmal am Tag, wenn es Neuigkeiten gibt, die du gesammelt erhalten möchtest.
mail-test-subject = Test-E-Mail von { $instance }
mail-test-body = Diese Test-E-Mail zeigt, dass { $instance } E-Mails verschicken kann.

## Moderation
nav-moderation = Moderation
error-blocked = Die Moderation hat dich in dieser Gemeinschaft vorübergehend gesperrt. Du kannst lesen, aber nichts schreiben, dich nicht eintragen und nicht erneut beitreten, bis die Sperre endet.
report-link = Melden
report-link-label = an die Moderation
report-title = Inhalt melden
report-back = Zurück zum Inhalt
report-lead = Deine Meldung geht an die Moderator:innen dieser Gemeinschaft. Die Person, die du meldest, erfährt nicht, wer gemeldet hat.
report-already = Du hast diesen Inhalt bereits gemeldet. Die Moderation kümmert sich darum; du erfährst, wie entschieden wurde.
report-reason = Was ist das Problem?
report-reason-spam = Spam oder Werbung
report-reason-insult = Beleidigung oder Hassrede
report-reason-personal-data = Persönliche Daten anderer
report-reason-misinformation = Falsche oder gefährliche Information
report-reason-other = Etwas anderes
report-note = Erläuterung
report-note-hint = Freiwillig, bei „Etwas anderes“ nötig. Höchstens 1000 Zeichen.
report-send = Meldung senden
report-error-reason = Bitte wähle aus, was das Problem ist.
report-error-note = Bitte beschreibe kurz, was das Problem ist.
report-error-note-long = Die Erläuterung darf höchstens 1000 Zeichen lang sein.
report-error-own = Deine eigenen Beiträge kannst du nicht melden; du kannst sie selbst ändern oder löschen.
flash-reported = Danke – deine Meldung ist bei der Moderation angekommen.
flash-error-already-reported = Du hast diesen Inhalt bereits gemeldet.
moderation-title = Moderation
moderation-log-link = Protokoll aller Moderationsschritte
moderation-open = Offene Meldungen
moderation-empty = Keine offenen Meldungen.
moderation-reports = { $count ->
    [one] 1 Meldung
   *[other] { $count } Meldungen
}
moderation-hidden = ausgeblendet
moderation-gone = nicht mehr vorhanden
moderation-since = gemeldet seit
moderation-author = Verfasst von
moderation-no-author = unbekannt
moderation-open-item = Ansehen
moderation-decision = Entscheidung
moderation-keep = In Ordnung – sichtbar lassen
moderation-hide = Ausblenden
moderation-delete = Löschen
moderation-warning = Nachricht an die verfassende Person (freiwillig)
moderation-warning-hint = Sie erfährt nicht, wer gemeldet hat.
moderation-block = Verfassende Person sperren
moderation-block-none = Nicht sperren
moderation-block-1 = für einen Tag
moderation-block-7 = für eine Woche
moderation-block-30 = für 30 Tage
moderation-block-forever = bis auf Weiteres
moderation-decide = Entscheiden
moderation-decided = Zuletzt entschieden
moderation-item = Inhalt
moderation-outcome = Ergebnis
moderation-when = Wann
moderation-case = Fall
moderation-status-kept = sichtbar gelassen
moderation-status-hidden = ausgeblendet
moderation-status-deleted = gelöscht
moderation-restore = Wieder einblenden
moderation-log-title = Moderationsprotokoll
moderation-log-lead = Jeder Schritt der Moderation und der Verwaltung dieser Gemeinschaft, unveränderlich festgehalten.
moderation-log-csv = Als CSV herunterladen
flash-error-decision-missing = Bitte wähle eine Entscheidung.
flash-error-warning-too-long = Die Nachricht darf höchstens 1000 Zeichen lang sein.
flash-error-case-closed = Über diesen Fall wurde schon entschieden.
flash-case-decided = Entschieden. Die Meldenden werden benachrichtigt.
flash-case-restored = Der Inhalt ist wieder sichtbar.
audit-moderation-report = Gemeldet
audit-moderation-auto-hide = Nach mehreren Meldungen automatisch ausgeblendet
audit-moderation-keep = Meldung zurückgewiesen, Inhalt sichtbar
audit-moderation-hide = Inhalt ausgeblendet
audit-moderation-delete = Inhalt gelöscht
audit-moderation-warn = Verfassende Person verwarnt
audit-moderation-block = Verfassende Person gesperrt
audit-moderation-restore = Inhalt wieder eingeblendet
moderation-notice-report-title = Neue Meldung: { $title }
moderation-notice-report-body = Ein Inhalt wurde der Moderation gemeldet. Bitte sieh ihn dir in der Moderation an.
moderation-notice-outcome-title = Deine Meldung wurde bearbeitet
moderation-notice-outcome-kept = Die Moderation hat „{ $title }“ geprüft und sichtbar gelassen. Danke für deinen Hinweis.
moderation-notice-outcome-hidden = Die Moderation hat „{ $title }“ ausgeblendet. Danke für deinen Hinweis.
moderation-notice-outcome-deleted = Die Moderation hat „{ $title }“ gelöscht. Danke für deinen Hinweis.
moderation-notice-warning-title = Hinweis der Moderation zu „{ $title }“
moderation-notice-warning-body = { $message }
moderation-notice-blocked-title = Du bist in dieser Gemeinschaft gesperrt
moderation-notice-blocked-until = Die Moderation hat dich bis { $until } gesperrt. Bis dahin kannst du lesen, aber nichts schreiben.
moderation-notice-blocked-open = Die Moderation hat dich bis auf Weiteres gesperrt. Du kannst lesen, aber nichts schreiben.
moderation-kind-reports = Neue Meldungen (für die Moderation)
moderation-kind-outcomes = Ergebnisse meiner Meldungen
moderation-kind-warnings = Hinweise der Moderation an mich
