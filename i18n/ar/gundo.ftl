### gundo — العربية (الفصحى المعاصرة)، تُكتب من اليمين إلى اليسار: يُعكس
### تخطيط الصفحة كله.
###
### Plain words, short sentences, addressed to one person. Arabic punctuation:
### ، ؟ ؛ (never , ? ; in a sentence), quotes « » with no space inside.
### Plurals follow the six Arabic categories (zero, one, two, few, many,
### other). Never a straight ' or ", nor < > &.
###
### Messages named `desk-…` (to come) belong to the reviewers’ program.

## The language itself

# اسم اللغة بها، لروابط اللغات.
language-name = العربية
# اتجاه الكتابة: ltr أو rtl.
language-dir = rtl
# Between groups of three digits (Western digits, as on phone keypads): 50,000.
digit-group-separator = ,

## On every page

tagline = أبلغ عن التجاوزات بأمان، دون أن تذكر اسمك.
languages-label = اللغة
menu-label = القائمة
nav-home = الرئيسية
nav-submit = إرسال معلومة
nav-status = قراءة الردود
footer = استخدم دائمًا متصفح تور على جهازك الشخصي. لا تستخدمه أبدًا في العمل.

## Numbers, sizes, durations, dates

# $unit: bytes, kb, mb, gb; $n: the number.
size = { $unit ->
        [bytes] { $n } بايت
        [kb] { $n } كيلوبايت
        [mb] { $n } ميغابايت
       *[gb] { $n } غيغابايت
    }
# After «نحو» (about): genitive forms. $unit: minutes or hours; $amount: the number.
duration = { $unit ->
        [minutes] { $amount ->
            [one] دقيقة واحدة
            [two] دقيقتين
            [few] { $amount } دقائق
            [many] { $amount } دقيقة
           *[other] { $amount } دقيقة
        }
       *[hours] { $amount ->
            [one] ساعة واحدة
            [two] ساعتين
            [few] { $amount } ساعات
            [many] { $amount } ساعة
           *[other] { $amount } ساعة
        }
    }
# A date as people say it: 2 ديسمبر 2026. $year is already written in digits.
date = { $day } { $month ->
        [1] يناير
        [2] فبراير
        [3] مارس
        [4] أبريل
        [5] مايو
        [6] يونيو
        [7] يوليو
        [8] أغسطس
        [9] سبتمبر
        [10] أكتوبر
        [11] نوفمبر
       *[12] ديسمبر
    } { $year }

## Home page

home-title = الإبلاغ عن الاحتيال والانتهاكات
home-intro = هل رأيت احتيالًا في المشتريات، أو رواتب تُدفع لأشخاص غير موجودين، أو انتهاكات في الجيش أو قوات الأمن؟ يمكنك أن تقول ذلك هنا دون أن تذكر اسمك.
home-first = أولًا، من أجل سلامتك
home-first-tor = استخدم متصفح تور على هاتفك أو حاسوبك الشخصي.
home-first-work = لا تستخدم أبدًا حاسوبًا أو هاتفًا أو شبكة تابعة لعملك (شبكة الواي فاي أو اتصال المكتب).
home-first-tell = لا تخبر أحدًا برسالتك، ولا حتى المقرّبين منك.
home-first-name = لا تكتب اسمك ولا وظيفتك ولا رقمك العسكري أو الوظيفي. تجنّب التفاصيل التي لا يعرفها أحد غيرك.
home-after = ماذا يحدث لرسالتك
home-who = لا يقرأ الرسائل إلا عدد قليل من الأشخاص الموثوقين في المنظمة، اختيروا بعناية. يقرؤونها على حاسوب لا يتصل بالإنترنت أبدًا.
home-keeps = تُقفَل رسالتك (تُشفَّر) فور وصولها، ولا يستطيع هذا الموقع قراءتها. لا يحتفظ الموقع بعنوان الإنترنت الخاص بك، ولا بأي شيء عن هاتفك، ولا بالساعة: يحتفظ باليوم فقط.
home-how = كيف تفعل ذلك
home-step1 = اكتب ما تعرفه. يمكنك إرفاق وثائق أو صور.
home-step2 = ستحصل على رمز من 24 رقمًا. اكتبه على ورقة.
home-step3 = عُد بهذا الرمز لتقرأ الردود وتجيب عنها.
home-wait = قد يستغرق الرد عدة أيام، وأحيانًا عدة أسابيع، لأن الرسائل تُقرأ دون اتصال بالإنترنت. عُد للاطلاع مرة في الأسبوع.
home-have-code = هل لديك رمز بالفعل؟
close-tor = عندما تنتهي، أغلق متصفح تور، فهو يمحو عندها آثار زيارتك.

## The submission form

submit-intro = خذ وقتك. لن يُرسَل شيء قبل أن تضغط على «{ send-button }».
tips-title = ماذا تكتب؟
tip-what = ماذا: ما الذي حدث، والمبالغ المالية إن كنت تعرفها.
tip-where = أين: المدينة، المعسكر، المصلحة.
tip-when = متى: التاريخ أو الفترة.
tip-who = من: الأشخاص أو الوحدات أو الشركات المعنية.
tip-docs = الوثائق: فواتير، قوائم، عقود، صور، إن كانت لديك.
legend-new = رسالتك
message-label = ما تعرفه (بالعربية أو الفرنسية أو الإنجليزية)
files-label = وثائق أو صور (اختياري)
# Each number stands alone after a colon: no agreement needed.
limits = أقصى عدد للملفات: { $files }. أقصى حجم لها معًا: { $size }. أقصى عدد لأحرف النص: { $chars }.
files-title = انتبه إلى الملفات
files-meta = تحمل الصور والوثائق غالبًا معلومات مخفية: مكان التقاط الصورة، والتاريخ، واسم كاتب الوثيقة، ونوع الهاتف. وقد تكشف هذه المعلومات هويتك.
files-meta-tip = لإزالتها، التقط صورة للشاشة تُظهر الوثيقة أو الصورة، وأرسلها بدلًا من الملف الأصلي. أو انسخ أهم ما فيها في رسالتك.
files-rare = إذا كان عدد قليل من الأشخاص قد تلقّوا وثيقة ما، فقد تدل على من أرسلها.
files-voice = الصوت يمكن التعرف عليه. لا ترسل تسجيلًا لصوتك، بل اكتب.
send-button = إرسال
send-wait = لا تغلق الصفحة أثناء الإرسال.
send-code = بعد الإرسال ستحصل على رمز. ستحتاجه لقراءة الردود.

## Big files on a slow connection

large-title = ملفات كبيرة واتصال بطيء
slow-link = مع تور على الهاتف، يرسل الاتصال البطيء نحو { $rate } كيلوبايت في الثانية. بهذه السرعة:
slow-link-example = { $size }: نحو { duration }
slow-link-limit = { $size }، وهو أقصى حجم للإرسال الواحد: نحو { duration }
slow-link-cut = إذا انقطع الاتصال أثناء الإرسال، يضيع كل شيء ويجب البدء من جديد.
split-tip-first = أرسل النص وحده أولًا، دون أي ملف. ستحصل على رمز.
split-tip-then = ثم أضف الملفات واحدًا تلو الآخر: «{ nav-status }»، ثم أدخل رمزك، ثم «{ followup-title }». ملف واحد في كل رسالة.
split-followup = مع اتصال بطيء، أرسل الملفات الكبيرة واحدًا تلو الآخر: ملف واحد في كل رسالة. رمزك لا يتغيّر.

## The code page (shown once, with no link to any other page)

receipt-title = وصلت رسالتك. شكرًا لك.
receipt-intro = هذا رمزك:
receipt-once = لن يظهر هذا الرمز إلا مرة واحدة. اكتبه على ورقة الآن.
receipt-leave = إذا غادرت هذه الصفحة أو أغلقتها، فلن يستطيع أحد أن يعرض عليك هذا الرمز مرة أخرى أبدًا.
receipt-nobody = إذا فقدته فلن يستطيع أحد استعادته، ولا نحن أيضًا.
receipt-hide = أخفِ هذه الورقة. لا تصوّر الرمز. لا تعطه لأحد.
receipt-print = الكتابة باليد هي الأكثر أمانًا. لا تطبع هذا الرمز أبدًا في العمل.
receipt-return-title = للعودة
receipt-return = بعد بضعة أيام، افتح هذا الموقع في متصفح تور. اختر «{ nav-status }» وأدخل هذا الرمز. ستتمكن عندها من قراءة الردود وإضافة رسالة.
receipt-in-language = بالعربية

## Entering the code

status-intro = أدخل الرمز المكوّن من 24 رقمًا الذي حصلت عليه بعد الإرسال.
receipt-label = رمزك
receipt-hint = المسافات لا تهم.
problem-length = يتكوّن الرمز من 24 رقمًا. هناك أرقام ناقصة أو زائدة. راجع ورقتك.
problem-check = أحد الأرقام خاطئ، أو تبادل رقمان مكانيهما. راجع كل رقم.
problem-not-found = لم يُعثر على شيء لهذا الرمز. راجع كل رقم، ثم حاول مرة أخرى. ربما حُذف رمز قديم جدًا، ويمكنك عندها إرسال رسالة جديدة.
status-lost = فقدت رمزك؟ لا يستطيع أحد استعادته. يمكنك إرسال رسالة جديدة.

## Replies

thread-title = الردود
reply-on = رد بتاريخ { $date }
no-reply = لا يوجد رد بعد. قد يستغرق ذلك عدة أسابيع. عُد للاطلاع مرة في الأسبوع.
unsafe-question = إذا سُئلت عن شيء من الخطر عليك أن تقوله، فلا تُجب عن هذا السؤال. اكتب فقط: «لا أستطيع الإجابة عن هذا دون خطر».
followup-title = إضافة رسالة
followup-intro = يمكنك الرد، أو إضافة معلومات أو وثائق. رمزك لا يتغيّر.

## After a message was added

followup-done-title = أُضيفت رسالتك. شكرًا لك.
followup-done-text = وصلت رسالتك. احتفظ بالرمز نفسه. عُد بعد بضعة أيام لقراءة الردود.
followup-done-files = { $count ->
        [one] وصل هذا الملف:
        [two] وصل هذان الملفان:
        [few] وصلت { $count } ملفات:
        [many] وصل { $count } ملفًا:
       *[other] وصل { $count } ملف:
    }
followup-done-no-file = لم يُرفَق أي ملف: وصل النص وحده.

## Error pages

error-back = لاسترجاع نصك، ارجع بزر الرجوع في المتصفح، فقد يكون ما زال هناك.
error-home = العودة إلى الصفحة الرئيسية
err-bad-request-title = تعذّر فهم ما أُرسل
err-bad-request = لم يتمكن الموقع من قراءة ما أُرسل، ربما بسبب انقطاع الاتصال. لم يُحفظ شيء. حاول مرة أخرى.
err-empty-title = الرسالة فارغة
err-empty = لم تكتب شيئًا ولم ترفق أي ملف. لم يُرسَل شيء. اكتب رسالتك، ثم اضغط على «{ send-button }».
err-cross-site-title = رُفض الإرسال
err-cross-site = يجب إرسال هذا النموذج من هذا الموقع نفسه. لم يُحفظ شيء. افتح هذا الموقع مباشرة في متصفح تور. إذا أرسلتك صفحة أخرى إلى هنا، فلا تثق بها.
err-not-found-title = الصفحة غير موجودة
err-not-found = هذه الصفحة غير موجودة. تحقّق من العنوان، أو عُد إلى الصفحة الرئيسية.
err-method-title = الصفحة غير متاحة
err-method = هذا العنوان يستقبل النماذج فقط، ولا يمكن فتحه مباشرة. عُد إلى الصفحة الرئيسية.
err-too-large-title = الملفات كبيرة جدًا
err-too-large = حجم النص والملفات معًا يتجاوز { $size }، وهو الحجم المسموح به للإرسال الواحد. لم يُحفظ شيء.
err-too-many-files-title = عدد الملفات كبير جدًا
err-too-many-files = لا يمكن أن يحمل الإرسال الواحد أكثر من { $files ->
        [one] ملف واحد
        [two] ملفين
        [few] { $files } ملفات
        [many] { $files } ملفًا
       *[other] { $files } ملف
    }، وكان عدد الملفات أكبر. لم يُحفظ شيء.
err-too-long-title = النص طويل جدًا
err-too-long = النص أطول من { $chars ->
        [few] { $chars } أحرف
        [many] { $chars } حرفًا
       *[other] { $chars } حرف
    }، وهو الطول المسموح به. لم يُحفظ شيء. اختصره، أو قسّمه على عدة رسائل.
err-form-too-large-title = الإرسال طويل جدًا
err-form-too-large = هذا النموذج لا يستقبل إلا رمزًا من 24 رقمًا، وما أُرسل أطول من ذلك بكثير. لم يُحفظ شيء. أدخل رمزك فقط.
err-slow-down-title = محاولات كثيرة جدًا
err-slow-down = حدثت محاولات كثيرة في وقت قصير. لم يُحفظ شيء. انتظر بضع دقائق، ثم حاول مرة أخرى.
err-busy-title = الخدمة مشغولة
err-busy = الخدمة مشغولة جدًا. لم يُحفظ شيء. حاول مرة أخرى بعد بضع دقائق.
err-no-space-title = الخدمة غير متاحة
err-no-space = لا تستطيع الخدمة استقبال الرسائل الآن. لم يُحفظ شيء. حاول لاحقًا، غدًا مثلًا.
err-timed-out-title = الإرسال بطيء جدًا
err-timed-out = استغرق الإرسال وقتًا طويلًا جدًا فتوقّف. لم يُحفظ شيء. حاول مرة أخرى عندما يتحسّن الاتصال.
err-too-slow-title = الاتصال بطيء جدًا
err-too-slow = كان الاتصال بطيئًا جدًا فأُوقف الإرسال لإفساح المجال لغيرك. لم يُحفظ شيء.
err-internal-title = خطأ في الخدمة
err-internal = حدث خطأ من جهتنا. إذا كنت ترسل رسالة، فربما لم تُحفظ. حاول لاحقًا.

## مكتب المراجع (gundo review desk): كل نصوص برنامج المراجعين.
## المفاتيح يكتبها البرنامج، ولا يُسمّى هنا إلا Enter و Esc.

desk-welcome = مرحبًا. اختر موضوعًا بالأسهم ↑↓ ثم Enter. ومفتاح علامة الاستفهام يعرض كل المفاتيح.
desk-arabic-note = يُعرض النص العربي بترتيبه المنطقي. إذا ظهرت الحروف منفصلة أو معكوسة فهذه الطرفية لا تستطيع وصلها: النص نفسه صحيح.
desk-title-inbox = صندوق الوارد
desk-title-thread = الموضوع
desk-title-reply = رد على المصدر
desk-title-note = ملاحظة للمراجعين
desk-title-outbox = صندوق الصادر
desk-title-bundle = فتح حزمة
desk-title-help = مساعدة
desk-keyname-enter = Enter
desk-keyname-esc = Esc
desk-key-move = اختيار
desk-key-open = فتح
desk-key-open-file = فتح الملف
desk-key-reply = رد
desk-key-note = ملاحظة
desk-key-mark = الحالة
desk-key-outbox = الصادر
desk-key-bundle = حزمة
desk-key-search = بحث
desk-key-search-done = إبقاء
desk-key-clear = مسح
desk-key-help = مساعدة
desk-key-quit = خروج
desk-key-back = رجوع
desk-key-back-draft = رجوع مع حفظ المسودة
desk-key-scroll = تمرير
desk-key-attachment = مرفق
desk-key-preview = معاينة
desk-key-queue = وضع في الانتظار
desk-key-edit = تعديل
desk-key-write = كتابة
desk-key-folder = مجلد آخر
desk-key-other-bundle = حزمة أخرى
desk-key-choose = اختيار
desk-key-confirm = تأكيد
desk-key-cancel = إلغاء
desk-state-new = جديد
desk-state-open = قيد المعالجة
desk-state-answered = تم الرد
desk-state-handled = منتهٍ
desk-count-threads = { $count ->
        [zero] لا موضوع
        [one] موضوع واحد
        [two] موضوعان
        [few] { $count } مواضيع
        [many] { $count } موضوعًا
       *[other] { $count } موضوع
    }
desk-count-new = { $count ->
        [zero] لا رسائل جديدة
        [one] رسالة جديدة واحدة
        [two] رسالتان جديدتان
        [few] { $count } رسائل جديدة
        [many] { $count } رسالة جديدة
       *[other] { $count } رسالة جديدة
    }
desk-count-unanswered = { $count ->
        [zero] لا شيء بلا رد
        [one] واحد بلا رد
        [two] اثنان بلا رد
        [few] { $count } بلا رد
        [many] { $count } بلا رد
       *[other] { $count } بلا رد
    }
desk-marker-new = { $count ->
        [zero] لا جديد
        [one] جديدة واحدة
        [two] جديدتان
        [few] { $count } جديدة
        [many] { $count } جديدة
       *[other] { $count } جديدة
    }
desk-marker-unanswered = بلا رد
desk-marker-conflict = تعارض
desk-marker-unreadable = { $count ->
        [zero] لا شيء غير مقروء
        [one] واحدة غير مقروءة
        [two] اثنتان غير مقروءتين
        [few] { $count } غير مقروءة
        [many] { $count } غير مقروءة
       *[other] { $count } غير مقروءة
    }
desk-no-text = (لا نص مقروء)
desk-inbox-empty = لا مواضيع بعد. افتح الحزمة التي أحضرها المشغّل على مفتاح USB بالمفتاح b.
desk-search-prompt = بحث
desk-search-found = { $count ->
        [zero] لم يوجد أي موضوع
        [one] وُجد موضوع واحد
        [two] وُجد موضوعان
        [few] وُجدت { $count } مواضيع
        [many] وُجد { $count } موضوعًا
       *[other] وُجد { $count } موضوع
    }
desk-search-none = لا يوجد موضوع يحتوي على “{ $query }”.
desk-thread-started = الموضوع { $id }، بدأ في { $date }
desk-thread-state = الحالة: { $what }
desk-thread-handler = يتابعه { $name }
desk-thread-conflict = تعارض في { $date }: وضع المراجعون حالات مختلفة. اتفقوا ثم اضغطوا m.
desk-thread-conflict-entry = { $name }: { $what }
desk-thread-unreadable = { $count ->
        [zero] لا رسالة مشفرة قبل إضافة مفتاحك.
        [one] رسالة واحدة في هذا الموضوع شُفّرت قبل إضافة مفتاحك: لا يمكنك قراءتها ويمكن لمراجع آخر قراءتها.
        [two] رسالتان في هذا الموضوع شُفّرتا قبل إضافة مفتاحك: لا يمكنك قراءتهما ويمكن لمراجع آخر قراءتهما.
        [few] { $count } رسائل في هذا الموضوع شُفّرت قبل إضافة مفتاحك: لا يمكنك قراءتها ويمكن لمراجع آخر قراءتها.
        [many] { $count } رسالة في هذا الموضوع شُفّرت قبل إضافة مفتاحك: لا يمكنك قراءتها ويمكن لمراجع آخر قراءتها.
       *[other] { $count } رسالة في هذا الموضوع شُفّرت قبل إضافة مفتاحك: لا يمكنك قراءتها ويمكن لمراجع آخر قراءتها.
    }
desk-event-tip = رسالة من المصدر، { $date }
desk-event-followup = متابعة من المصدر، { $date }
desk-event-not-sealed = شُفّرت قبل إضافة مفتاحك: لا يمكنك قراءتها. يمكن لمراجع آخر قراءتها.
desk-event-damaged = هذه الرسالة تالفة: { $what }
desk-event-reply = رد من { $name }، { $date }
desk-event-note = ملاحظة من { $name } للمراجعين، لا تُرسل أبدًا إلى المصدر، { $date }
desk-event-state = حالة وضعها { $name }، { $date }: { $what }
desk-event-sealed = شُفّر قبل إضافة مفتاحك: لا يمكنك قراءته.
desk-event-mine-reply = ردك، { $date }
desk-event-mine-note = ملاحظتك للمراجعين، { $date }
desk-event-mine-state = حالتك، { $date }: { $what }
desk-event-mine-queued = في انتظار صندوق الصادر التالي (o)
desk-event-mine-sent = في صندوق صادر، لم تعد عبر الخادم بعد
desk-event-draft = مسودة رد غير موضوعة في الانتظار (اضغط r لمتابعتها)
desk-cleaning-cleaned = نسخة منظفة ({ $what })
desk-cleaning-not-cleaned = غير منظف
desk-cleaning-refused = رُفض تنظيفه وقد يكون مفخخًا
desk-cleaning-removed = نسخة منظفة، أُزيل منها: { $what }
desk-risk-executable = برنامج
desk-risk-executable-says = برنامج: يعمل بمجرد فتحه. لا تفتحه.
desk-risk-script = سكربت
desk-risk-script-says = سكربت: ينفذ أوامر إذا فُتح. اقرأه كنص فقط.
desk-risk-macro-document = مستند بماكرو
desk-risk-macro-document-says = مستند مكتبي فيه ماكرو أو عناصر نشطة: لا تفعّل محتواه أبدًا.
desk-risk-active-pdf = PDF فيه سكربتات
desk-risk-active-pdf-says = ملف PDF فيه سكربتات أو إجراءات: افتحه فقط في قارئ مع إيقاف JavaScript.
desk-risk-html = صفحة ويب
desk-risk-html-says = صفحة ويب أو صورة فيها سكربتات: لا تفتحها في متصفح.
desk-risk-archive = أرشيف
desk-risk-archive-says = أرشيف أو صورة قرص: الملفات التي بداخله غير مفحوصة.
desk-attachment-title = مرفق
desk-attachment-cleaned = فتح النسخة المنظفة (يُنصح به)
desk-attachment-text = قراءة الأصل كنص هنا (لا يُنفَّذ شيء)
desk-attachment-original = فتح الأصل في برنامج آخر…
desk-attachment-markup = لا تُفتح صفحة ويب أو صورة SVG في متصفح من المكتب أبدًا: اقرأها كنص.
desk-original-title = فتح الأصل؟
desk-original-intro = أنت على وشك فتح الملف الأصلي { $file } كما أرسله المصدر.
desk-original-keeps = يحتفظ بما أزالته النسخة المنظفة: { $what }
desk-original-not-cleaned = غير منظف: قد يحتوي على المكان أو الجهاز أو اسم كاتبه ({ $what }).
desk-original-refused = رُفض تنظيفه: تالف أو مفخخ ({ $what }).
desk-original-type-name = هذا الملف يمكنه تشغيل شيفرة. لفتحه رغم ذلك على هذا الحاسوب اكتب اسمه بالضبط: { $file }
desk-original-yes = فتح الأصل
desk-editor-reply = رد على المصدر: مشفر لإيصاله ولكل مراجع
desk-editor-note = ملاحظة للمراجعين الآخرين: لا تُرسل أبدًا إلى المصدر
desk-editor-size = { $size } من { $max }
desk-preview-reply = معاينة: هذا ما سيقرؤه المصدر بإيصاله
desk-preview-note = معاينة: هذا ما سيقرؤه المراجعون الآخرون
desk-problem-empty = النص فارغ: لا شيء يوضع في الانتظار.
desk-problem-too-long = النص طويل جدًا. اختصره أو قسّمه إلى عدة رسائل.
desk-problem-name = هذا ليس اسم الملف: لم يُفتح شيء.
desk-problem-browser = لا تُفتح صفحة ويب أو صورة SVG في متصفح من المكتب أبدًا: تُعرض كنص.
desk-queued-reply = شُفّر الرد ووُضع في الانتظار: يخرج مع صندوق الصادر التالي (o).
desk-queued-note = شُفّرت الملاحظة للمراجعين ووُضعت في الانتظار: تخرج مع صندوق الصادر التالي (o).
desk-draft-kept = حُفظت المسودة مشفرة في مساحة العمل.
desk-mark-title = حالة الموضوع
desk-mark-intro = للمراجعين الآخرين وليس للمصدر أبدًا:
desk-mark-handler = يتابعه:
desk-mark-handler-hint = اكتب اسمًا أو اتركه فارغًا إذا لم يتابع أحد هذا الموضوع.
desk-marked = وُضعت الحالة “{ $what }” في الانتظار: تخرج مع صندوق الصادر التالي (o).
desk-outbox-intro = يذهب صندوق الصادر إلى الخادم على مفتاح USB. يحتوي مشفرًا وموقعًا منك على:
desk-outbox-replies = { $count ->
        [zero] لا ردود
        [one] رد واحد
        [two] ردان
        [few] { $count } ردود
        [many] { $count } ردًا
       *[other] { $count } رد
    }
desk-outbox-team = { $count ->
        [zero] لا ملاحظات ولا حالات
        [one] ملاحظة أو حالة واحدة
        [two] ملاحظتان أو حالتان
        [few] { $count } ملاحظات وحالات
        [many] { $count } ملاحظة وحالة
       *[other] { $count } ملاحظة وحالة
    }
desk-outbox-acks = { $count ->
        [zero] لا إشعارات استلام
        [one] إشعار استلام واحد
        [two] إشعارا استلام
        [few] { $count } إشعارات استلام
        [many] { $count } إشعار استلام
       *[other] { $count } إشعار استلام
    }
desk-outbox-nothing = لا شيء يُرسل الآن: لا رد ولا ملاحظة ولا حالة في الانتظار ولا رسالة جديدة.
desk-outbox-folder = المجلد:
desk-outbox-file = اسم الملف: { $file }
desk-outbox-hint = يُقترح مجلد مفتاح USB إذا كان موصولًا. اضغط Tab لمجلد آخر أو اكتب مسارًا.
desk-outbox-written = كُتب: { $path } (الردود: { $replies }، الملاحظات والحالات: { $notes }، إشعارات الاستلام: { $acks }).
desk-outbox-handover = سلّم مفتاح USB إلى المشغّل: يشغّل gundo import.
desk-outbox-cannot-sign = هذه الهوية لا تستطيع التوقيع: اكتب صندوق الصادر بمفتاح أنشأه gundo keygen.
desk-outbox-no-folder = هذا المجلد غير موجود: { $path }
desk-progress-outbox = كتابة صندوق الصادر
desk-progress-bundle = فحص الحزمة وفتحها
desk-progress-of = { $size } من { $max }
desk-bundle-intro = تأتي الحزمة من الخادم على مفتاح USB. يُتحقق من توقيعها قبل إضافة أي شيء.
desk-bundle-path = الحزمة:
desk-bundle-hint = تُقترح أحدث حزمة على مفتاح USB. اضغط Tab لغيرها أو اكتب مسارًا.
desk-opened = فُتحت الحزمة: رسائل جديدة { $messages }، ردود جديدة { $replies }، ملاحظات جديدة { $notes }، والمواضيع كلها { $threads }.
desk-opened-unreadable = رسائل شُفّرت قبل إضافة مفتاحك: { $count }. يمكن لمراجع آخر قراءتها.
desk-open-failed = لم يُفتح شيء: { $what }
desk-trust-server-title = مفتاح الخادم
desk-trust-server = هذه الحزمة موقعة بمفتاح الخادم ذي البصمة:
desk-trust-server-check = هل هي البصمة التي أعطاك إياها المشغّل؟ اقرآها معًا بصوت عالٍ قبل أن تجيب.
desk-trust-yes = نعم، هي نفسها
desk-trust-no = لا
desk-trust-reviewers-title = تغيير المراجعين
desk-trust-reviewers = هذه الحزمة تغيّر المراجعين الذين تُشفّر لهم الردود والملاحظات.
desk-trust-added = أُضيف: { $what }
desk-trust-removed = أُزيل: { $what }
desk-trust-reviewers-check = هل تقبل هذا التغيير؟ تحقق منه مع المشغّل أولًا.
desk-files-runtime = تمر الملفات المفتوحة عبر مجلد خاص في الذاكرة يُمسح عند الخروج: { $path }
desk-files-shm-unset = المتغير XDG_RUNTIME_DIR غير معرّف: تمر الملفات المفتوحة عبر /dev/shm في الذاكرة ويُمسح عند الخروج: { $path }
desk-files-shm-disk = المجلد { $what } ليس في الذاكرة: تمر الملفات المفتوحة عبر /dev/shm ويُمسح عند الخروج: { $path }
desk-files-nowhere = لا مجلد في الذاكرة (لا XDG_RUNTIME_DIR ولا /dev/shm): لا يُفتح شيء في برنامج آخر حتى لا يُكتب نص واضح على القرص. اقرأ الملفات كنص هنا أو استخدم gundo review save.
desk-viewing = الملف { $file } مفتوح في العارض من مجلد الذاكرة الذي يُمسح عند إغلاق المكتب.
desk-viewer-failed = تعذر تشغيل العارض: { $what }
desk-reader-note = معروض كنص: لا يُنفَّذ شيء وتظهر محارف التحكم كرموز.
desk-reader-cut = يُعرض أول { $size } فقط.
desk-help-intro = gundo، مكتب المراجع. كل ما يُقرأ هنا يبقى في الذاكرة: مساحة العمل على القرص لا تحفظ إلا نصًا مشفرًا.
desk-help-move = اختيار موضوع
desk-help-open = فتح الموضوع المختار
desk-help-reply = كتابة رد على المصدر
desk-help-note = كتابة ملاحظة للمراجعين الآخرين لا تُرسل أبدًا إلى المصدر
desk-help-mark = تحديد حالة الموضوع ومن يتابعه
desk-help-outbox = كتابة صندوق الصادر على مفتاح USB
desk-help-bundle = فتح حزمة أحضرها المشغّل
desk-help-search = البحث في نص كل الرسائل
desk-help-help = هذه المساعدة
desk-help-quit = خروج (يُمسح مجلد الذاكرة)
desk-help-markers = العلامات
desk-help-marker-new = رسائل وصلت منذ آخر صندوق صادر لك
desk-help-marker-conflict = وضع المراجعون حالات مختلفة في اليوم نفسه
desk-help-marker-handler = من يتابع الموضوع
desk-help-states = الحالات: جديد (لم يطّلع عليه أحد بعد)، قيد المعالجة، تم الرد، منتهٍ (لا شيء آخر يُعمل).
desk-help-scroll = تمرير
desk-help-attachment = اختيار المرفق التالي
desk-help-open-file = فتح المرفق المختار
desk-help-back = الرجوع
desk-help-preview = رؤية المعاينة ثم Enter لوضعه في الانتظار
desk-help-draft = الرجوع مع حفظ الرد كمسودة مشفرة
desk-help-files = الملفات
desk-help-files-text = افتح النسخة المنظفة أولًا. تمر عبر مجلد خاص في الذاكرة يُمسح عند إغلاق المكتب وعند التشغيل التالي بعد أي عطل:
desk-help-original = لا يُفتح الأصل إلا بعد تأكيد يسمّي الخطر. ولا يُفتح برنامج أو سكربت إلا إذا كتبت اسمه. ولا تُفتح صفحة ويب أو صورة SVG في متصفح أبدًا.
desk-help-arabic = يُعرض النص العربي بترتيبه المنطقي: إذا لم تستطع هذه الطرفية وصل الحروف فستظهر منفصلة لكن النص صحيح.
