### gundo — English.
###
### Plain words, short sentences. Typographic apostrophes (’) and quotes
### (“ ”); never a straight ' or ", nor < > &: the site escapes them and the
### page grows.
###
### Messages named `desk-…` belong to the reviewers’ program (gundo review desk); the
### others to the site.

## The language itself

# Its name in itself, for the language links.
language-name = English
# Writing direction: ltr (left to right) or rtl (right to left).
language-dir = ltr
# Between groups of three digits: 50,000.
digit-group-separator = ,

## On every page

tagline = Report abuse safely, without giving your name.
languages-label = Language
menu-label = Menu
nav-home = Home
nav-submit = Send information
nav-status = Check replies
footer = Always use Tor Browser, on your own device. Never at work.

## Numbers, sizes, durations, dates

# A size. $unit: bytes, kb, mb or gb; $n: the number.
size = { $unit ->
        [bytes] { $n ->
            [one] { $n } byte
           *[other] { $n } bytes
        }
        [kb] { $n } KB
        [mb] { $n } MB
       *[gb] { $n } GB
    }
# A duration. $unit: minutes or hours; $amount: the number.
duration = { $unit ->
        [minutes] { $amount ->
            [one] { $amount } minute
           *[other] { $amount } minutes
        }
       *[hours] { $amount ->
            [one] { $amount } hour
           *[other] { $amount } hours
        }
    }
# A date as people say it: 2 December 2026. $year is already written in digits.
date = { $day } { $month ->
        [1] January
        [2] February
        [3] March
        [4] April
        [5] May
        [6] June
        [7] July
        [8] August
        [9] September
        [10] October
        [11] November
       *[12] December
    } { $year }

## Home page

home-title = Report fraud and abuse
home-intro = Have you seen fraud in purchases, salaries paid to people who do not exist, or abuse in the army or the security forces? You can tell it here, without giving your name.
home-first = First, for your safety
home-first-tor = Use Tor Browser on your own phone or computer.
home-first-work = Never use a computer, a phone or a network from work (the office Wi-Fi or connection).
home-first-tell = Tell nobody about your message, not even people close to you.
home-first-name = Do not write your name, your post or your service number. Avoid details that only you know.
home-after = What happens to your message
home-who = Only a few trusted people of the organisation read the messages. They were chosen with care. They read them on a computer that is never connected to the Internet.
home-keeps = Your message is locked (encrypted) as soon as it arrives. This site cannot read it. It does not keep your Internet address, anything about your phone, or the time: only the day.
home-how = How it works
home-step1 = Write what you know. You can attach documents or photos.
home-step2 = You get a code of 24 digits. Write it on paper.
home-step3 = Come back with this code to read the replies and answer.
home-wait = A reply can take several days, sometimes several weeks: messages are read offline. Come back and check once a week.
home-have-code = Already have a code?
close-tor = When you are done, close Tor Browser. It then erases the traces of your visit.

## The submission form (parts of it also on the replies page)

submit-intro = Take your time. Nothing is sent until you press “{ send-button }”.
tips-title = What to write
tip-what = What: what happened. The amounts of money, if you know them.
tip-where = Where: the town, the camp, the office.
tip-when = When: the date or the period.
tip-who = Who: the people, units or companies.
tip-docs = Documents: invoices, lists, contracts, photos, if you have them.
legend-new = Your message
message-label = What you know (in French, English or Arabic)
files-label = Documents or photos (optional)
# $files: number of files; $size: a size already written (message size); $chars: number of characters.
limits = Up to { $files ->
        [one] { $files } file
       *[other] { $files } files
    }, { $size } in all. Text: up to { $chars } characters.
files-title = Careful with files
files-meta = A photo or a document often holds hidden information: where the photo was taken, the date, the author’s name, the phone model. It can show who you are.
files-meta-tip = To remove it, take a screenshot of the document or photo, and send the screenshot. Or copy the important parts into your message.
files-rare = If only a few people received a document, it can show who sent it.
files-voice = A voice can be recognised. Do not send recordings of your voice: write instead.
send-button = Send
send-wait = While sending, do not close the page.
send-code = After sending, you will get a code. You need it to read the replies.

## Big files on a slow connection

large-title = Big files, slow connection
# $rate: the speed, in KB per second.
slow-link = With Tor on a phone, a slow connection sends about { $rate } KB per second. At that speed:
# $size: a size already written; $unit and $amount: its duration (message duration).
slow-link-example = { $size }: about { duration }
slow-link-limit = { $size }, the most one sending may hold: about { duration }
slow-link-cut = If the connection is cut while sending, everything is lost and you must start again.
split-tip-first = First send the text alone, with no file. You get a code.
split-tip-then = Then add the files one by one: “{ nav-status }”, enter your code, then “{ followup-title }”. One file per message.
split-followup = On a slow connection, send big files one by one: one file per message. Your code stays the same.

## The code page (shown once, with no link to any other page)

receipt-title = Message received. Thank you.
receipt-intro = Here is your code:
receipt-once = This code is shown only once. Write it on paper now.
receipt-leave = If you leave or close this page, nobody can ever show you this code again.
receipt-nobody = If you lose it, nobody can find it again, not even us.
receipt-hide = Hide the paper. Do not take a photo of the code. Do not give it to anyone.
receipt-print = Writing by hand is safest. Never print at work.
receipt-return-title = To come back
receipt-return = In a few days, open this site in Tor Browser. Choose “{ nav-status }” and enter this code. You can then read the replies and add a message.
# Heading of the part of this page written in this language, when the page is in another.
receipt-in-language = In English

## Entering the code

status-intro = Enter the 24-digit code you got after sending.
receipt-label = Your code
receipt-hint = Spaces do not matter.
problem-length = A code has 24 digits. Some are missing or there are too many. Check your paper.
problem-check = One digit is wrong, or two digits are swapped. Check each digit.
problem-not-found = Nothing was found for this code. Check each digit, then try again. A very old code may have been deleted: you can then send a new message.
status-lost = Lost your code? Nobody can find it again. You can send a new message.

## Replies

thread-title = Replies
# $date: a date already written (message date).
reply-on = Reply on { $date }
no-reply = No reply yet. It can take several weeks. Come back and check once a week.
unsafe-question = If you are asked something that is dangerous for you to say, do not answer that question. Just write: “I cannot answer this safely.”
followup-title = Add a message
followup-intro = You can reply, or add information or documents. Your code stays the same.

## After a message was added

followup-done-title = Message added. Thank you.
followup-done-text = Your message has arrived. Keep the same code. Come back in a few days to check replies.
# $count: the number of files that arrived (at least 1); the list follows.
followup-done-files = { $count ->
        [one] This file arrived:
       *[other] These { $count } files arrived:
    }
followup-done-no-file = No file was attached: only the text arrived.

## Error pages

error-back = To get your text back, use the browser’s back button: it may still be there.
error-home = Back to the home page
err-bad-request-title = Sending not understood
err-bad-request = The site could not read what was sent, maybe because the connection was cut. Nothing was saved. Try again.
err-empty-title = Empty message
err-empty = Nothing was written and no file was attached. Nothing was sent. Write your message, then press “{ send-button }”.
err-cross-site-title = Sending refused
err-cross-site = This form must be sent from this site itself. Nothing was saved. Open this site directly in Tor Browser. If another page sent you here, do not trust it.
err-not-found-title = Page not found
err-not-found = This page does not exist. Check the address, or go back to the home page.
err-method-title = Page not available
err-method = This address only receives forms. It cannot be opened directly. Go back to the home page.
err-too-large-title = Files too large
# $size: the size allowed for one sending, already written.
err-too-large = The text and files together are bigger than { $size }, the size allowed for one sending. Nothing was saved.
err-too-many-files-title = Too many files
err-too-many-files = One sending may hold up to { $files ->
        [one] { $files } file
       *[other] { $files } files
    }. There were more. Nothing was saved.
err-too-long-title = Text too long
err-too-long = The text is longer than { $chars } characters, the length allowed. Nothing was saved. Make it shorter, or cut it into several messages.
err-form-too-large-title = Sending too long
err-form-too-large = This form only takes a code of 24 digits, and what was sent is much longer. Nothing was saved. Enter only your code.
err-slow-down-title = Too many attempts
err-slow-down = There were too many attempts in a short time. Nothing was saved. Wait a few minutes, then try again.
err-busy-title = Service busy
err-busy = The service is very busy. Nothing was saved. Try again in a few minutes.
err-no-space-title = Service unavailable
err-no-space = The service cannot receive messages right now. Nothing was saved. Try again later, for example tomorrow.
err-timed-out-title = Sending took too long
err-timed-out = Sending took too long and was stopped. Nothing was saved. Try again when the connection is better.
err-too-slow-title = Connection too slow
err-too-slow = The connection was too slow and sending was stopped to make room for others. Nothing was saved.
err-internal-title = Service error
err-internal = Something went wrong on our side. If you were sending a message, it may not have been saved. Try again later.

## The reviewer desk (gundo review desk): every text of the reviewers’
## full-screen program. Keys (r, n, m, o, b, /, ?, q, Tab, Ctrl+S, arrows)
## are written by the program; only Enter and Esc are named here.

desk-welcome = Welcome. Choose a thread with ↑↓ and Enter; the ? key shows every key.
desk-arabic-note = Arabic text is shown in logical order. If its letters look separated or reversed, this terminal cannot join them: the text itself is right.
desk-title-inbox = Inbox
desk-title-thread = Thread
desk-title-reply = Reply to the source
desk-title-note = Note for the reviewers
desk-title-outbox = Outbox
desk-title-bundle = Open a bundle
desk-title-help = Help
desk-keyname-enter = Enter
desk-keyname-esc = Esc
desk-key-move = choose
desk-key-open = open
desk-key-open-file = open the file
desk-key-reply = reply
desk-key-note = note
desk-key-mark = state
desk-key-outbox = outbox
desk-key-bundle = bundle
desk-key-search = search
desk-key-search-done = keep
desk-key-clear = clear
desk-key-help = help
desk-key-quit = quit
desk-key-back = back
desk-key-back-draft = back, draft kept
desk-key-scroll = scroll
desk-key-attachment = attachment
desk-key-preview = preview
desk-key-queue = queue it
desk-key-edit = edit
desk-key-write = write
desk-key-folder = other folder
desk-key-other-bundle = other bundle
desk-key-choose = choose
desk-key-confirm = confirm
desk-key-cancel = cancel
desk-state-new = new
desk-state-open = open
desk-state-answered = answered
desk-state-handled = handled
desk-count-threads = { $count ->
        [one] { $count } thread
       *[other] { $count } threads
    }
desk-count-new = { $count ->
        [one] { $count } new message
       *[other] { $count } new messages
    }
desk-count-unanswered = { $count ->
        [one] { $count } unanswered
       *[other] { $count } unanswered
    }
desk-marker-new = { $count ->
        [one] { $count } new
       *[other] { $count } new
    }
desk-marker-unanswered = unanswered
desk-marker-conflict = conflict
desk-marker-unreadable = { $count ->
        [one] { $count } unreadable
       *[other] { $count } unreadable
    }
desk-no-text = (no readable text)
desk-inbox-empty = No thread yet. Open the bundle the operator brought on the USB stick with the b key.
desk-search-prompt = Search
desk-search-found = { $count ->
        [one] { $count } thread found
       *[other] { $count } threads found
    }
desk-search-none = No thread contains “{ $query }”.
desk-thread-started = Thread { $id }, started on { $date }
desk-thread-state = State: { $what }
desk-thread-handler = handled by { $name }
desk-thread-conflict = Conflict on { $date }: reviewers set different states. Agree together, then press m.
desk-thread-conflict-entry = { $name }: { $what }
desk-thread-unreadable = { $count ->
        [one] One message of this thread was sealed before your key was added: you cannot read it, another reviewer can.
       *[other] { $count } messages of this thread were sealed before your key was added: you cannot read them, another reviewer can.
    }
desk-event-tip = Message from the source, { $date }
desk-event-followup = Follow-up from the source, { $date }
desk-event-not-sealed = Sealed before your key was added: you cannot read it. Another reviewer can.
desk-event-damaged = This message is damaged: { $what }
desk-event-reply = Reply by { $name }, { $date }
desk-event-note = Note by { $name } for the reviewers, never sent to the source, { $date }
desk-event-state = State set by { $name }, { $date }: { $what }
desk-event-sealed = Sealed before your key was added: you cannot read it.
desk-event-mine-reply = Your reply, { $date }
desk-event-mine-note = Your note for the reviewers, { $date }
desk-event-mine-state = Your state, { $date }: { $what }
desk-event-mine-queued = waiting for the next outbox (o)
desk-event-mine-sent = in an outbox, not back through the server yet
desk-event-draft = Reply draft, not queued (press r to go on with it)
desk-cleaning-cleaned = cleaned copy ({ $what })
desk-cleaning-not-cleaned = not cleaned
desk-cleaning-refused = REFUSED by cleaning, may be hostile
desk-cleaning-removed = Cleaned copy, removed: { $what }
desk-risk-executable = program
desk-risk-executable-says = A program: it runs as soon as it is opened. Do not open it.
desk-risk-script = script
desk-risk-script-says = A script: it runs commands if opened. Read it only as text.
desk-risk-macro-document = macro document
desk-risk-macro-document-says = An office document with macros or active objects: never enable its content.
desk-risk-active-pdf = PDF with scripts
desk-risk-active-pdf-says = A PDF with scripts or actions: open it only in a viewer with JavaScript off.
desk-risk-html = web page
desk-risk-html-says = A web page or an image with scripts: do not open it in a browser.
desk-risk-archive = archive
desk-risk-archive-says = An archive or disk image: the files inside are not checked.
desk-attachment-title = Attachment
desk-attachment-cleaned = Open the cleaned copy (advised)
desk-attachment-text = Read the original as text, here (nothing runs)
desk-attachment-original = Open the original in another program…
desk-attachment-markup = A web page or an SVG image is never opened in a browser from the desk: read it as text.
desk-original-title = Open the original?
desk-original-intro = You are about to open the ORIGINAL of { $file }, as the source sent it.
desk-original-keeps = It keeps what the cleaned copy removed: { $what }
desk-original-not-cleaned = Not cleaned: it may hold the place, the device or its author’s name ({ $what }).
desk-original-refused = Refused by cleaning: damaged or hostile ({ $what }).
desk-original-type-name = This file can run code. To open it on this laptop all the same, type its exact name: { $file }
desk-original-yes = Open the original
desk-editor-reply = Reply to the source: sealed to its receipt and to every reviewer
desk-editor-note = Note for the other reviewers: never sent to the source
desk-editor-size = { $size } of { $max }
desk-preview-reply = Preview: this is what the source will read with their receipt
desk-preview-note = Preview: this is what the other reviewers will read
desk-problem-empty = The text is empty: nothing to queue.
desk-problem-too-long = The text is too long. Shorten it, or split it into several messages.
desk-problem-name = That is not the file’s name: nothing was opened.
desk-problem-browser = A web page or an SVG image is never opened in a browser from the desk: it is shown as text.
desk-queued-reply = Reply sealed and queued: it goes with the next outbox (o).
desk-queued-note = Note sealed to the reviewers and queued: it goes with the next outbox (o).
desk-draft-kept = Draft kept, sealed in the workspace.
desk-mark-title = Thread state
desk-mark-intro = For the other reviewers, never for the source:
desk-mark-handler = Handled by:
desk-mark-handler-hint = Type a name, or leave it empty if nobody handles this thread.
desk-marked = State “{ $what }” queued: it goes with the next outbox (o).
desk-outbox-intro = The outbox goes to the server on the USB stick. It holds, sealed and signed by you:
desk-outbox-replies = { $count ->
        [one] { $count } reply
       *[other] { $count } replies
    }
desk-outbox-team = { $count ->
        [one] { $count } note or state
       *[other] { $count } notes and states
    }
desk-outbox-acks = { $count ->
        [one] { $count } acknowledgement
       *[other] { $count } acknowledgements
    }
desk-outbox-nothing = Nothing to send yet: no reply, note or state queued, no new message.
desk-outbox-folder = Folder:
desk-outbox-file = File name: { $file }
desk-outbox-hint = The USB stick’s folder is offered when it is plugged in; Tab for another folder found, or type a path.
desk-outbox-written = Written: { $path } ({ $replies ->
        [one] { $replies } reply
       *[other] { $replies } replies
    }, { $notes ->
        [one] { $notes } note or state
       *[other] { $notes } notes and states
    }, { $acks ->
        [one] { $acks } acknowledgement
       *[other] { $acks } acknowledgements
    }).
desk-outbox-handover = Hand the USB stick to the operator: they run gundo import.
desk-outbox-cannot-sign = This identity cannot sign: write the outbox with a key made by gundo keygen.
desk-outbox-no-folder = This folder does not exist: { $path }
desk-progress-outbox = Writing the outbox
desk-progress-bundle = Checking and opening the bundle
desk-progress-of = { $size } of { $max }
desk-bundle-intro = The bundle comes from the server, on the USB stick. Its signature is checked before anything is added.
desk-bundle-path = Bundle:
desk-bundle-hint = The newest bundle found on the USB stick is offered; Tab for another, or type a path.
desk-opened = Bundle opened: { $messages ->
        [one] { $messages } new message
       *[other] { $messages } new messages
    }, { $replies ->
        [one] { $replies } new reply
       *[other] { $replies } new replies
    }, { $notes ->
        [one] { $notes } new note
       *[other] { $notes } new notes
    }; { $threads ->
        [one] { $threads } thread
       *[other] { $threads } threads
    } in all.
desk-opened-unreadable = { $count ->
        [one] One message was sealed before your key was added: another reviewer can read it.
       *[other] { $count } messages were sealed before your key was added: another reviewer can read them.
    }
desk-open-failed = Nothing was opened: { $what }
desk-trust-server-title = Server key
desk-trust-server = This bundle is signed by the server key with the fingerprint:
desk-trust-server-check = Is it the fingerprint the operator gave you? Read it aloud together before you answer.
desk-trust-yes = Yes, it is the same
desk-trust-no = No
desk-trust-reviewers-title = Change of reviewers
desk-trust-reviewers = This bundle changes who replies and notes are sealed to.
desk-trust-added = Added: { $what }
desk-trust-removed = Removed: { $what }
desk-trust-reviewers-check = Accept this change? Check it with the operator first.
desk-files-runtime = Opened files go through a private folder in RAM, wiped on exit: { $path }
desk-files-shm-unset = XDG_RUNTIME_DIR is not set: opened files go through /dev/shm, in RAM, wiped on exit: { $path }
desk-files-shm-disk = { $what } is not in RAM: opened files go through /dev/shm, wiped on exit: { $path }
desk-files-nowhere = No folder in RAM (neither XDG_RUNTIME_DIR nor /dev/shm): nothing opens in another program, so that no plaintext is written to disk. Read files as text here, or use gundo review save.
desk-viewing = { $file } is open in the viewer, from the RAM folder wiped when the desk closes.
desk-viewer-failed = The viewer could not be started: { $what }
desk-reader-note = Shown as text: nothing runs, and control characters are shown as symbols.
desk-reader-cut = Only the first { $size } are shown.
desk-help-intro = gundo, the reviewer’s desk. Everything read here stays in memory: the workspace on disk holds only ciphertext.
desk-help-move = choose a thread
desk-help-open = open the chosen thread
desk-help-reply = write a reply to the source
desk-help-note = write a note for the other reviewers, never sent to the source
desk-help-mark = set the thread’s state and who handles it
desk-help-outbox = write the outbox to the USB stick
desk-help-bundle = open a bundle the operator brought
desk-help-search = search the text of every message
desk-help-help = this help
desk-help-quit = quit (the RAM folder is wiped)
desk-help-markers = Markers
desk-help-marker-new = messages that came since your last outbox
desk-help-marker-conflict = reviewers set different states on the same day
desk-help-marker-handler = who handles the thread
desk-help-states = States: new (nobody has looked at it yet), open, answered, handled (nothing more to do).
desk-help-scroll = scroll
desk-help-attachment = choose the next attachment
desk-help-open-file = open the chosen attachment
desk-help-back = go back
desk-help-preview = see the preview, then Enter to queue it
desk-help-draft = go back; a reply is kept as a sealed draft
desk-help-files = Files
desk-help-files-text = Open the cleaned copy first. It goes through a private folder in RAM, wiped when the desk closes, and at the next start after a crash:
desk-help-original = The original opens only after a confirmation that names the risk; a program or a script only if you type its name. A web page or an SVG image is never opened in a browser.
desk-help-arabic = Arabic text is shown in logical order: if this terminal cannot join the letters, they look separated, but the text is right.
