//! Languages of the site and every user-visible string, one [`Texts`] per language.
//!
//! Each message is a field of [`Texts`], so a missing translation is a compile
//! error. Texts are plain strings (the templates escape them); they use
//! typographic apostrophes and quotes so that escaping does not bloat the pages.

/// A language the site is offered in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// French, the default.
    Fr,
    /// English.
    En,
    /// Modern Standard Arabic, written right to left.
    Ar,
}

impl Lang {
    /// All languages, French first: it is the default.
    pub const ALL: [Lang; 3] = [Lang::Fr, Lang::En, Lang::Ar];

    /// The code used in URLs and in the `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
            Lang::Ar => "ar",
        }
    }

    /// The language for a URL code; `None` for anything unknown.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.code() == code)
    }

    /// The writing direction, for the `dir` attribute.
    pub fn dir(self) -> &'static str {
        match self {
            Lang::Fr | Lang::En => "ltr",
            Lang::Ar => "rtl",
        }
    }

    /// The language's name in itself, for the language links.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Fr => "Français",
            Lang::En => "English",
            Lang::Ar => "العربية",
        }
    }

    /// Every user-visible string in this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Fr => &FR,
            Lang::En => &EN,
            Lang::Ar => &AR,
        }
    }

    /// The two other languages, in [`Lang::ALL`] order.
    pub fn others(self) -> [Lang; 2] {
        match self {
            Lang::Fr => [Lang::En, Lang::Ar],
            Lang::En => [Lang::Fr, Lang::Ar],
            Lang::Ar => [Lang::Fr, Lang::En],
        }
    }
}

/// Declares [`Texts`] and, for tests, a list of all its fields.
macro_rules! texts {
    ($($(#[$doc:meta])* $name:ident,)+) => {
        /// Every user-visible string of the site, one static instance per language.
        pub struct Texts {
            $($(#[$doc])* pub $name: &'static str,)+
        }

        impl Texts {
            /// Every field as `(name, text)`, for tests over all messages.
            #[cfg(test)]
            pub(crate) fn all(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($name), self.$name),)+]
            }
        }
    };
}

texts! {
    // Layout, on every page.
    /// One line under the site name.
    tagline,
    /// `aria-label` of the language links.
    languages_label,
    /// `aria-label` of the main menu.
    menu_label,
    /// Menu: home page.
    nav_home,
    /// Menu: submission form (also its title and the home page button).
    nav_submit,
    /// Menu: status page (also its title and button).
    nav_status,
    /// Footer line about safety.
    footer,
    /// Digit group separator for large numbers (not a sentence).
    thousands_sep,

    // Home page.
    /// Main heading of the home page.
    home_title,
    /// What can be reported here.
    home_intro,
    /// Who reads the messages.
    home_who,
    /// Heading over the three steps.
    home_how,
    /// Step 1: write, attach.
    home_step1,
    /// Step 2: the code.
    home_step2,
    /// Step 3: come back.
    home_step3,
    /// Heading over the safety advice.
    home_safety,
    /// Advice: no name, no identifying details.
    home_safety1,
    /// Advice: tell nobody.
    home_safety2,
    /// Question before the link to the status page.
    home_have_code,
    /// Advice: close Tor Browser when done (home, receipt, follow-up done).
    close_tor,

    // Submission form (shared parts also on the thread page).
    /// Calm first sentence of the form page.
    submit_intro,
    /// Heading over what to include.
    tips_title,
    /// What to include: what.
    tip_what,
    /// What to include: where.
    tip_where,
    /// What to include: when.
    tip_when,
    /// What to include: who.
    tip_who,
    /// What to include: documents.
    tip_docs,
    /// Legend of the new submission fieldset.
    legend_new,
    /// Label of the message text area.
    message_label,
    /// Label of the file input.
    files_label,
    /// Limits; `{files}`, `{mib}` and `{chars}` are replaced by numbers.
    limits,
    /// Heading of the warning about files.
    files_title,
    /// Hidden metadata in files.
    files_meta,
    /// How to avoid metadata.
    files_meta_tip,
    /// Voice recordings identify.
    files_voice,
    /// The send button.
    send_button,
    /// Sending can be slow.
    send_wait,
    /// A code comes after sending.
    send_code,

    // Receipt page.
    /// Heading after a successful submission.
    receipt_title,
    /// Sentence before the code.
    receipt_intro,
    /// The code is shown only once.
    receipt_once,
    /// Nobody can recover it.
    receipt_nobody,
    /// Keep it hidden.
    receipt_hide,
    /// Come back in a few days.
    receipt_return,

    // Status form.
    /// Sentence over the code field.
    status_intro,
    /// Label of the code field.
    receipt_label,
    /// Hint: spaces do not matter.
    receipt_hint,
    /// Problem: wrong number of digits.
    problem_length,
    /// Problem: check digits do not match.
    problem_check,
    /// Problem: nothing found (must not say whether the code exists).
    problem_not_found,
    /// A lost code cannot be recovered.
    status_lost,

    // Thread page.
    /// Heading of the replies page.
    thread_title,
    /// Before the date of each reply.
    reply_on,
    /// No reply yet.
    no_reply,
    /// What to do with a question that is unsafe to answer.
    unsafe_question,
    /// Legend of the follow-up form.
    followup_title,
    /// What the follow-up form is for.
    followup_intro,

    // Follow-up done page.
    /// Heading after a follow-up.
    followup_done_title,
    /// Sentence after a follow-up.
    followup_done_text,

    // Error pages.
    /// The typed text may still be in the previous page.
    error_back,
    /// Too much at once: send in parts.
    error_split,
    /// Link back to the home page.
    error_home,
    /// Title: unreadable request.
    err_bad_request_title,
    /// Text: unreadable request.
    err_bad_request,
    /// Title: form sent from another site.
    err_cross_site_title,
    /// Text: form sent from another site.
    err_cross_site,
    /// Title: no such page.
    err_not_found_title,
    /// Text: no such page.
    err_not_found,
    /// Title: wrong HTTP method.
    err_method_title,
    /// Text: wrong HTTP method.
    err_method,
    /// Title: files too large.
    err_too_large_title,
    /// Text: files too large.
    err_too_large,
    /// Title: too many files.
    err_too_many_files_title,
    /// Text: too many files.
    err_too_many_files,
    /// Title: message too long.
    err_too_long_title,
    /// Text: message too long.
    err_too_long,
    /// Title: rate limited.
    err_slow_down_title,
    /// Text: rate limited.
    err_slow_down,
    /// Title: overloaded.
    err_busy_title,
    /// Text: overloaded.
    err_busy,
    /// Title: disk full.
    err_no_space_title,
    /// Text: disk full.
    err_no_space,
    /// Title: the upload was too slow.
    err_timed_out_title,
    /// Text: the upload was too slow.
    err_timed_out,
    /// Title: internal error.
    err_internal_title,
    /// Text: internal error.
    err_internal,
}

/// French, the default language: plain words, "vous".
pub static FR: Texts = Texts {
    tagline: "Envoyez une information en sécurité, sans donner votre nom.",
    languages_label: "Langue",
    menu_label: "Menu",
    nav_home: "Accueil",
    nav_submit: "Envoyer une information",
    nav_status: "Voir les réponses",
    footer: "Utilisez toujours le navigateur Tor. Jamais depuis un ordinateur, un téléphone ou un réseau du travail.",
    thousands_sep: "\u{a0}",

    home_title: "Signaler la fraude et les abus",
    home_intro: "Vous avez vu de la fraude dans les achats, des salaires payés à des personnes fictives, ou des abus dans l’armée ou les forces de sécurité\u{a0}? Vous pouvez le signaler ici.",
    home_who: "Vos messages sont lus par des organisations de la société civile du Mali. Ce site ne vous demande jamais votre nom.",
    home_how: "Comment faire",
    home_step1: "Écrivez ce que vous savez. Vous pouvez joindre des documents ou des photos.",
    home_step2: "Vous recevez un code de 24 chiffres. Écrivez-le sur papier.",
    home_step3: "Revenez dans quelques jours avec ce code pour lire les réponses et répondre.",
    home_safety: "Pour votre sécurité",
    home_safety1: "N’écrivez pas votre nom, votre poste ni votre matricule. Évitez les détails que vous seul pouvez connaître.",
    home_safety2: "Ne parlez de votre message à personne.",
    home_have_code: "Vous avez déjà un code\u{a0}?",
    close_tor: "Quand vous avez fini, fermez le navigateur Tor\u{a0}: il efface alors les traces de votre visite.",

    submit_intro: "Prenez votre temps. Rien n’est envoyé avant que vous appuyiez sur «\u{a0}Envoyer\u{a0}».",
    tips_title: "Que dire\u{a0}?",
    tip_what: "Quoi\u{a0}: ce qui s’est passé, et les montants si vous les connaissez.",
    tip_where: "Où\u{a0}: la ville, le camp, le service.",
    tip_when: "Quand\u{a0}: la date ou la période.",
    tip_who: "Qui\u{a0}: les personnes, les unités ou les entreprises concernées.",
    tip_docs: "Documents\u{a0}: factures, listes, contrats, photos, si vous en avez.",
    legend_new: "Votre information",
    message_label: "Votre message (en français, en anglais ou en arabe)",
    files_label: "Documents ou photos (facultatif)",
    limits: "Au plus {files}\u{a0}fichiers, {mib}\u{a0}Mo en tout. Message\u{a0}: {chars}\u{a0}caractères au plus.",
    files_title: "Attention aux fichiers",
    files_meta: "Les photos et les documents contiennent souvent des informations cachées\u{a0}: le lieu où la photo a été prise, la date, le nom de l’auteur, le modèle du téléphone. Cela peut montrer qui vous êtes.",
    files_meta_tip: "Si vous pouvez, faites une capture d’écran du document ou de la photo, et envoyez la capture à la place.",
    files_voice: "Une voix se reconnaît. N’envoyez pas d’enregistrement de votre voix\u{a0}: écrivez plutôt.",
    send_button: "Envoyer",
    send_wait: "Avec des fichiers, l’envoi peut prendre plusieurs minutes. Ne fermez pas la page.",
    send_code: "Ensuite, vous recevrez un code. Il permet de lire les réponses.",

    receipt_title: "Message reçu. Merci.",
    receipt_intro: "Voici votre code\u{a0}:",
    receipt_once: "Ce code n’est affiché qu’une seule fois. Écrivez-le sur papier maintenant.",
    receipt_nobody: "Si vous le perdez, personne ne pourra le retrouver, pas même nous.",
    receipt_hide: "Cachez ce papier. Ne prenez pas le code en photo et ne le donnez à personne.",
    receipt_return: "Revenez dans quelques jours avec ce code, sur la page «\u{a0}Voir les réponses\u{a0}». Les organisations pourront vous poser des questions.",

    status_intro: "Entrez le code de 24 chiffres reçu après votre envoi.",
    receipt_label: "Votre code",
    receipt_hint: "Les espaces ne comptent pas.",
    problem_length: "Un code a 24 chiffres. Il en manque, ou il y en a trop. Vérifiez votre papier.",
    problem_check: "Un chiffre est faux, ou deux chiffres sont inversés. Vérifiez chaque chiffre.",
    problem_not_found: "Rien n’a été trouvé pour ce code. Vérifiez-le. Les réponses ne sont peut-être pas encore arrivées\u{a0}: revenez dans quelques jours.",
    status_lost: "Code perdu\u{a0}? Il ne peut pas être retrouvé. Vous pouvez envoyer un nouveau message.",

    thread_title: "Réponses",
    reply_on: "Réponse du",
    no_reply: "Pas encore de réponse. Cela peut prendre du temps. Revenez dans quelques jours.",
    unsafe_question: "Si on vous demande une chose que vous ne pouvez pas dire sans danger, n’y répondez pas. Écrivez simplement que vous ne pouvez pas répondre.",
    followup_title: "Ajouter un message",
    followup_intro: "Vous pouvez répondre, ou ajouter des informations ou des documents. Votre code ne change pas.",

    followup_done_title: "Message ajouté. Merci.",
    followup_done_text: "Nous avons bien reçu votre message. Gardez le même code, et revenez dans quelques jours pour voir les réponses.",

    error_back: "Revenez en arrière avec le bouton du navigateur\u{a0}: votre texte y est peut-être encore.",
    error_split: "Vous pouvez aussi envoyer une partie maintenant, puis le reste avec votre code, sur la page «\u{a0}Voir les réponses\u{a0}».",
    error_home: "Retour à l’accueil",
    err_bad_request_title: "Demande non comprise",
    err_bad_request: "Le site n’a pas pu lire ce qui a été envoyé. Rien n’a été enregistré. Réessayez.",
    err_cross_site_title: "Envoi refusé",
    err_cross_site: "Ce formulaire doit être envoyé depuis ce site lui-même. Rien n’a été enregistré. Ouvrez ce site directement dans le navigateur Tor. Si une autre page vous a envoyé ici, ne lui faites pas confiance.",
    err_not_found_title: "Page introuvable",
    err_not_found: "Cette page n’existe pas. Vérifiez l’adresse, ou revenez à l’accueil.",
    err_method_title: "Action impossible",
    err_method: "Cette page ne s’ouvre pas de cette façon. Revenez à l’accueil.",
    err_too_large_title: "Fichiers trop gros",
    err_too_large: "Les fichiers dépassent ensemble la taille permise, indiquée sur le formulaire. Rien n’a été enregistré. Envoyez moins de fichiers, ou des fichiers plus petits.",
    err_too_many_files_title: "Trop de fichiers",
    err_too_many_files: "Il y a plus de fichiers que le nombre permis, indiqué sur le formulaire. Rien n’a été enregistré. Envoyez moins de fichiers.",
    err_too_long_title: "Message trop long",
    err_too_long: "Le message dépasse la longueur permise. Rien n’a été enregistré. Raccourcissez-le.",
    err_slow_down_title: "Trop d’essais",
    err_slow_down: "Il y a eu trop d’essais en peu de temps. Attendez quelques minutes, puis réessayez.",
    err_busy_title: "Service occupé",
    err_busy: "Le service est très occupé. Rien n’a été enregistré. Réessayez dans quelques minutes.",
    err_no_space_title: "Service indisponible",
    err_no_space: "Le service ne peut pas recevoir de messages pour le moment. Rien n’a été enregistré. Réessayez plus tard, par exemple demain.",
    err_timed_out_title: "Envoi trop lent",
    err_timed_out: "L’envoi a pris trop de temps et a été arrêté. Rien n’a été enregistré. Réessayez quand la connexion est meilleure, ou envoyez des fichiers plus petits.",
    err_internal_title: "Erreur du service",
    err_internal: "Une erreur s’est produite de notre côté. Si vous envoyiez un message, il n’a peut-être pas été enregistré\u{a0}: réessayez plus tard.",
};

/// English, plain.
pub static EN: Texts = Texts {
    tagline: "Send information safely, without giving your name.",
    languages_label: "Language",
    menu_label: "Menu",
    nav_home: "Home",
    nav_submit: "Send information",
    nav_status: "Check replies",
    footer: "Always use Tor Browser. Never from a work computer, phone or network.",
    thousands_sep: ",",

    home_title: "Report fraud and abuse",
    home_intro: "Have you seen fraud in purchases, salaries paid to people who do not exist, or abuse in the army or the security forces? You can report it here.",
    home_who: "Your messages are read by civil society organisations in Mali. This site never asks for your name.",
    home_how: "How it works",
    home_step1: "Write what you know. You can attach documents or photos.",
    home_step2: "You get a code of 24 digits. Write it on paper.",
    home_step3: "Come back in a few days with this code to read the replies and answer.",
    home_safety: "For your safety",
    home_safety1: "Do not write your name, your post or your service number. Avoid details that only you could know.",
    home_safety2: "Tell nobody about your message.",
    home_have_code: "Already have a code?",
    close_tor: "When you are done, close Tor Browser: it then erases the traces of your visit.",

    submit_intro: "Take your time. Nothing is sent until you press “Send”.",
    tips_title: "What to write",
    tip_what: "What: what happened, and the amounts of money if you know them.",
    tip_where: "Where: the town, the camp, the office.",
    tip_when: "When: the date or the period.",
    tip_who: "Who: the people, units or companies involved.",
    tip_docs: "Documents: invoices, lists, contracts, photos, if you have them.",
    legend_new: "Your information",
    message_label: "Your message (in French, English or Arabic)",
    files_label: "Documents or photos (optional)",
    limits: "Up to {files} files, {mib} MB in all. Message: up to {chars} characters.",
    files_title: "Careful with files",
    files_meta: "Photos and documents often carry hidden information: where the photo was taken, the date, the author’s name, the phone model. This can show who you are.",
    files_meta_tip: "If you can, take a screenshot of the document or photo, and send the screenshot instead.",
    files_voice: "A voice can be recognised. Do not send recordings of your voice: write instead.",
    send_button: "Send",
    send_wait: "With files, sending can take several minutes. Do not close the page.",
    send_code: "Then you will get a code. You need it to read replies.",

    receipt_title: "Message received. Thank you.",
    receipt_intro: "Here is your code:",
    receipt_once: "This code is shown only once. Write it on paper now.",
    receipt_nobody: "If you lose it, nobody can find it again, not even us.",
    receipt_hide: "Hide the paper. Do not take a photo of the code and do not give it to anyone.",
    receipt_return: "Come back in a few days with this code, to the “Check replies” page. The organisations may ask you questions.",

    status_intro: "Enter the 24-digit code you got after sending.",
    receipt_label: "Your code",
    receipt_hint: "Spaces do not matter.",
    problem_length: "A code has 24 digits. Some are missing or there are too many. Check your paper.",
    problem_check: "One digit is wrong, or two digits are swapped. Check each digit.",
    problem_not_found: "Nothing was found for this code. Check it. Replies may not have arrived yet: come back in a few days.",
    status_lost: "Lost your code? It cannot be recovered. You can send a new message.",

    thread_title: "Replies",
    reply_on: "Reply on",
    no_reply: "No reply yet. It can take time. Come back in a few days.",
    unsafe_question: "If you are asked something you cannot say without danger, do not answer it. Just write that you cannot answer.",
    followup_title: "Add a message",
    followup_intro: "You can reply, or add information or documents. Your code stays the same.",

    followup_done_title: "Message added. Thank you.",
    followup_done_text: "Your message was received. Keep the same code and come back in a few days to check replies.",

    error_back: "Go back with the browser’s back button: your text may still be there.",
    error_split: "You can also send one part now, then the rest with your code, on the “Check replies” page.",
    error_home: "Back to the home page",
    err_bad_request_title: "Request not understood",
    err_bad_request: "The site could not read what was sent. Nothing was saved. Try again.",
    err_cross_site_title: "Sending refused",
    err_cross_site: "This form must be sent from this site itself. Nothing was saved. Open this site directly in Tor Browser. If another page sent you here, do not trust it.",
    err_not_found_title: "Page not found",
    err_not_found: "This page does not exist. Check the address, or go back to the home page.",
    err_method_title: "Not possible",
    err_method: "This page cannot be opened this way. Go back to the home page.",
    err_too_large_title: "Files too large",
    err_too_large: "The files together are bigger than the limit shown on the form. Nothing was saved. Send fewer or smaller files.",
    err_too_many_files_title: "Too many files",
    err_too_many_files: "There are more files than the number allowed on the form. Nothing was saved. Send fewer files.",
    err_too_long_title: "Message too long",
    err_too_long: "The message is longer than allowed. Nothing was saved. Make it shorter.",
    err_slow_down_title: "Too many attempts",
    err_slow_down: "There were too many attempts in a short time. Wait a few minutes, then try again.",
    err_busy_title: "Service busy",
    err_busy: "The service is very busy. Nothing was saved. Try again in a few minutes.",
    err_no_space_title: "Service unavailable",
    err_no_space: "The service cannot receive messages right now. Nothing was saved. Try again later, for example tomorrow.",
    err_timed_out_title: "Sending took too long",
    err_timed_out: "Sending took too long and was stopped. Nothing was saved. Try again when the connection is better, or send smaller files.",
    err_internal_title: "Service error",
    err_internal: "Something went wrong on our side. If you were sending a message, it may not have been saved: try again later.",
};

/// Modern Standard Arabic, right to left.
pub static AR: Texts = Texts {
    tagline: "أرسل معلومة بأمان، دون أن تذكر اسمك.",
    languages_label: "اللغة",
    menu_label: "القائمة",
    nav_home: "الرئيسية",
    nav_submit: "إرسال معلومة",
    nav_status: "قراءة الردود",
    footer: "استخدم متصفح تور دائمًا، ولا تستخدم أبدًا حاسوبًا أو هاتفًا أو شبكة تابعة لعملك.",
    thousands_sep: ",",

    home_title: "الإبلاغ عن الاحتيال والانتهاكات",
    home_intro: "هل رأيت احتيالًا في المشتريات، أو رواتب تُدفع لأشخاص وهميين، أو انتهاكات في الجيش أو قوات الأمن؟ يمكنك الإبلاغ عن ذلك هنا.",
    home_who: "تقرأ رسائلَك منظماتٌ من المجتمع المدني في مالي. لا يطلب منك هذا الموقع اسمك أبدًا.",
    home_how: "كيف تفعل ذلك",
    home_step1: "اكتب ما تعرفه. يمكنك إرفاق وثائق أو صور.",
    home_step2: "ستحصل على رمز من 24 رقمًا. اكتبه على ورقة.",
    home_step3: "عُد بعد بضعة أيام بهذا الرمز لتقرأ الردود وتجيب عنها.",
    home_safety: "من أجل سلامتك",
    home_safety1: "لا تكتب اسمك ولا وظيفتك ولا رقمك العسكري أو الوظيفي. تجنّب التفاصيل التي لا يعرفها أحد غيرك.",
    home_safety2: "لا تخبر أحدًا برسالتك.",
    home_have_code: "هل لديك رمز بالفعل؟",
    close_tor: "عندما تنتهي، أغلق متصفح تور، فهو يمحو عندها أثر زيارتك.",

    submit_intro: "خذ وقتك. لن يُرسَل شيء قبل أن تضغط على «إرسال».",
    tips_title: "ماذا تكتب؟",
    tip_what: "ماذا: ما الذي حدث، والمبالغ المالية إن كنت تعرفها.",
    tip_where: "أين: المدينة، المعسكر، المصلحة.",
    tip_when: "متى: التاريخ أو الفترة.",
    tip_who: "من: الأشخاص أو الوحدات أو الشركات المعنية.",
    tip_docs: "الوثائق: فواتير، قوائم، عقود، صور، إن كانت لديك.",
    legend_new: "معلومتك",
    message_label: "رسالتك (بالعربية أو الفرنسية أو الإنجليزية)",
    files_label: "وثائق أو صور (اختياري)",
    limits: "أقصى عدد للملفات: {files}. أقصى حجم لها معًا: {mib} ميغابايت. أقصى عدد لأحرف الرسالة: {chars}.",
    files_title: "انتبه إلى الملفات",
    files_meta: "تحمل الصور والوثائق غالبًا معلومات مخفية: مكان التقاط الصورة، والتاريخ، واسم كاتب الوثيقة، ونوع الهاتف. وقد تكشف هذه المعلومات هويتك.",
    files_meta_tip: "إن استطعت، التقط صورة للشاشة تُظهر الوثيقة أو الصورة، وأرسلها بدلًا من الملف الأصلي.",
    files_voice: "الصوت يمكن التعرف عليه. لا ترسل تسجيلًا لصوتك، بل اكتب.",
    send_button: "إرسال",
    send_wait: "مع الملفات قد يستغرق الإرسال عدة دقائق. لا تغلق الصفحة.",
    send_code: "بعد ذلك ستحصل على رمز. ستحتاجه لقراءة الردود.",

    receipt_title: "وصلت رسالتك. شكرًا لك.",
    receipt_intro: "هذا رمزك:",
    receipt_once: "لن يظهر هذا الرمز إلا مرة واحدة. اكتبه على ورقة الآن.",
    receipt_nobody: "إذا فقدته فلن يستطيع أحد استعادته، ولا نحن أيضًا.",
    receipt_hide: "أخفِ هذه الورقة. لا تصوّر الرمز ولا تعطه لأحد.",
    receipt_return: "عُد بعد بضعة أيام بهذا الرمز إلى صفحة «قراءة الردود». قد تطرح عليك المنظمات أسئلة.",

    status_intro: "أدخل الرمز المكوّن من 24 رقمًا الذي حصلت عليه بعد الإرسال.",
    receipt_label: "رمزك",
    receipt_hint: "المسافات لا تهم.",
    problem_length: "يتكوّن الرمز من 24 رقمًا. هناك أرقام ناقصة أو زائدة. راجع ورقتك.",
    problem_check: "أحد الأرقام خاطئ، أو تبادل رقمان مكانيهما. راجع كل رقم.",
    problem_not_found: "لم يُعثر على شيء لهذا الرمز. تحقّق منه. ربما لم تصل الردود بعد، فعُد بعد بضعة أيام.",
    status_lost: "فقدت رمزك؟ لا يمكن استعادته. يمكنك إرسال رسالة جديدة.",

    thread_title: "الردود",
    reply_on: "رد بتاريخ",
    no_reply: "لا يوجد رد بعد. قد يستغرق ذلك وقتًا. عُد بعد بضعة أيام.",
    unsafe_question: "إذا سُئلت عن شيء لا يمكنك قوله دون خطر، فلا تُجب عنه. اكتب فقط أنك لا تستطيع الإجابة.",
    followup_title: "إضافة رسالة",
    followup_intro: "يمكنك الرد، أو إضافة معلومات أو وثائق. رمزك لا يتغيّر.",

    followup_done_title: "أُضيفت رسالتك. شكرًا لك.",
    followup_done_text: "وصلت رسالتك. احتفظ بالرمز نفسه، وعُد بعد بضعة أيام لقراءة الردود.",

    error_back: "ارجع إلى الصفحة السابقة بزر الرجوع في المتصفح، فقد يكون نصك ما زال هناك.",
    error_split: "يمكنك أيضًا إرسال جزء الآن، ثم الباقي برمزك من صفحة «قراءة الردود».",
    error_home: "العودة إلى الصفحة الرئيسية",
    err_bad_request_title: "تعذّر فهم الطلب",
    err_bad_request: "لم يتمكن الموقع من قراءة ما أُرسل. لم يُحفظ شيء. حاول مرة أخرى.",
    err_cross_site_title: "رُفض الإرسال",
    err_cross_site: "يجب إرسال هذا النموذج من هذا الموقع نفسه. لم يُحفظ شيء. افتح هذا الموقع مباشرة في متصفح تور. إذا أرسلتك صفحة أخرى إلى هنا، فلا تثق بها.",
    err_not_found_title: "الصفحة غير موجودة",
    err_not_found: "هذه الصفحة غير موجودة. تحقّق من العنوان، أو عُد إلى الصفحة الرئيسية.",
    err_method_title: "إجراء غير ممكن",
    err_method: "لا يمكن فتح هذه الصفحة بهذه الطريقة. عُد إلى الصفحة الرئيسية.",
    err_too_large_title: "الملفات كبيرة جدًا",
    err_too_large: "حجم الملفات معًا يتجاوز الحد المذكور في النموذج. لم يُحفظ شيء. أرسل ملفات أقل أو أصغر حجمًا.",
    err_too_many_files_title: "عدد الملفات كبير جدًا",
    err_too_many_files: "عدد الملفات يتجاوز العدد المسموح به المذكور في النموذج. لم يُحفظ شيء. أرسل ملفات أقل.",
    err_too_long_title: "الرسالة طويلة جدًا",
    err_too_long: "الرسالة أطول من المسموح به. لم يُحفظ شيء. اختصرها.",
    err_slow_down_title: "محاولات كثيرة جدًا",
    err_slow_down: "حدثت محاولات كثيرة في وقت قصير. انتظر بضع دقائق، ثم حاول مرة أخرى.",
    err_busy_title: "الخدمة مشغولة",
    err_busy: "الخدمة مشغولة جدًا. لم يُحفظ شيء. حاول مرة أخرى بعد بضع دقائق.",
    err_no_space_title: "الخدمة غير متاحة",
    err_no_space: "لا تستطيع الخدمة استقبال الرسائل الآن. لم يُحفظ شيء. حاول لاحقًا، غدًا مثلًا.",
    err_timed_out_title: "الإرسال بطيء جدًا",
    err_timed_out: "استغرق الإرسال وقتًا طويلًا جدًا فتوقف. لم يُحفظ شيء. حاول مرة أخرى عندما يتحسن الاتصال، أو أرسل ملفات أصغر.",
    err_internal_title: "خطأ في الخدمة",
    err_internal: "حدث خطأ من جهتنا. إذا كنت ترسل رسالة، فربما لم تُحفظ. حاول لاحقًا.",
};
