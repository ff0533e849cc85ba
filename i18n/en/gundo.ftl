### gundo — English.
###
### Plain words, short sentences. Typographic apostrophes (’) and quotes
### (“ ”); never a straight ' or ", nor < > &: the site escapes them and the
### page grows.
###
### Messages named `desk-…` (to come) belong to the reviewers’ program; the
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
