### gundo — français, la langue par défaut (et celle contre laquelle `fl!`
### vérifie chaque identifiant à la compilation).
###
### Des mots simples, des phrases courtes, « vous ». Typographie : apostrophe
### typographique (’), guillemets « », espace insécable (U+00A0) avant : ? ! ;
### à l’intérieur des guillemets et entre un nombre et son unité. Jamais de
### ' ni de " droits, ni de < > & : le site les échappe, et la page grossit.
###
### Les messages `desk-…` sont ceux du programme des relecteurs (gundo review desk) ;
### les autres sont ceux du site.

## La langue elle-même

# Son nom dans la langue, pour les liens de langue.
language-name = Français
# Sens d’écriture : ltr (de gauche à droite) ou rtl (de droite à gauche).
language-dir = ltr
# Entre les groupes de trois chiffres : 50 000.
digit-group-separator = { "\u00A0" }

## Sur chaque page

tagline = Signalez un abus en sécurité, sans donner votre nom.
languages-label = Langue
menu-label = Menu
nav-home = Accueil
nav-submit = Envoyer une information
nav-status = Voir les réponses
footer = Utilisez toujours le navigateur Tor, sur votre appareil personnel. Jamais au travail.

## Nombres, tailles, durées, dates

# Une taille. $unit : bytes, kb, mb ou gb ; $n : le nombre.
size = { $unit ->
        [bytes] { $n ->
            [one] { $n } octet
           *[other] { $n } octets
        }
        [kb] { $n } Ko
        [mb] { $n } Mo
       *[gb] { $n } Go
    }
# Une durée. $unit : minutes ou hours ; $amount : le nombre.
duration = { $unit ->
        [minutes] { $amount ->
            [one] { $amount } minute
           *[other] { $amount } minutes
        }
       *[hours] { $amount ->
            [one] { $amount } heure
           *[other] { $amount } heures
        }
    }
# Une date comme on la dit : 2 décembre 2026. $year est déjà écrit en chiffres.
date = { $day ->
        [1] 1er
       *[other] { $day }
    } { $month ->
        [1] janvier
        [2] février
        [3] mars
        [4] avril
        [5] mai
        [6] juin
        [7] juillet
        [8] août
        [9] septembre
        [10] octobre
        [11] novembre
       *[12] décembre
    } { $year }

## Accueil

home-title = Signaler la fraude et les abus
home-intro = Vous avez vu de la fraude dans les achats, des salaires payés à des personnes qui n’existent pas, ou des abus dans l’armée ou les forces de sécurité ? Vous pouvez le dire ici, sans donner votre nom.
home-first = D’abord, pour votre sécurité
home-first-tor = Utilisez le navigateur Tor sur votre propre téléphone ou ordinateur.
home-first-work = N’utilisez jamais un ordinateur, un téléphone ou un réseau du travail (le Wi-Fi ou la connexion du bureau).
home-first-tell = Ne parlez de votre message à personne, même pas à vos proches.
home-first-name = N’écrivez pas votre nom, votre poste ni votre matricule. Évitez les détails que vous seul connaissez.
home-after = Ce que devient votre message
home-who = Seules quelques personnes de confiance de l’organisation lisent les messages. Elles ont été choisies avec soin. Elles les lisent sur un ordinateur qui n’est jamais relié à Internet.
home-keeps = Votre message est fermé à clé (chiffré) dès son arrivée. Ce site ne peut pas le lire. Il ne garde ni votre adresse Internet, ni d’information sur votre téléphone, ni l’heure : seulement le jour.
home-how = Comment faire
home-step1 = Écrivez ce que vous savez. Vous pouvez joindre des documents ou des photos.
home-step2 = Vous recevez un code de 24 chiffres. Écrivez-le sur un papier.
home-step3 = Revenez avec ce code pour lire les réponses et répondre.
home-wait = Une réponse peut prendre plusieurs jours, parfois plusieurs semaines : les messages sont lus hors ligne. Revenez voir une fois par semaine.
home-have-code = Vous avez déjà un code ?
close-tor = Quand vous avez fini, fermez le navigateur Tor. Il efface alors les traces de votre visite.

## Formulaire d’envoi (une partie sert aussi sur la page des réponses)

submit-intro = Prenez votre temps. Rien n’est envoyé avant que vous appuyiez sur « { send-button } ».
tips-title = Que dire ?
tip-what = Quoi : ce qui s’est passé. Les montants, si vous les connaissez.
tip-where = Où : la ville, le camp, le service.
tip-when = Quand : la date ou la période.
tip-who = Qui : les personnes, les unités ou les entreprises.
tip-docs = Documents : factures, listes, contrats, photos, si vous en avez.
legend-new = Votre message
message-label = Ce que vous savez (en français, en anglais ou en arabe)
files-label = Documents ou photos (facultatif)
# $files : nombre de fichiers ; $size : une taille déjà écrite (message size) ; $chars : nombre de caractères.
limits = Au plus { $files ->
        [one] { $files } fichier
       *[other] { $files } fichiers
    }, { $size } en tout. Texte : { $chars } caractères au plus.
files-title = Attention aux fichiers
files-meta = Une photo ou un document contient souvent des informations cachées : le lieu de la photo, la date, le nom de l’auteur, le modèle du téléphone. Elles peuvent montrer qui vous êtes.
files-meta-tip = Pour les enlever, faites une capture d’écran du document ou de la photo, et envoyez la capture. Ou recopiez l’essentiel dans votre message.
files-rare = Si peu de personnes ont reçu un document, il peut montrer qui l’a envoyé.
files-voice = Une voix se reconnaît. N’envoyez pas d’enregistrement de votre voix : écrivez plutôt.
send-button = Envoyer
send-wait = Pendant l’envoi, ne fermez pas la page.
send-code = Après l’envoi, vous recevrez un code. Il sert à lire les réponses.

## Gros fichiers sur une connexion lente

large-title = Gros fichiers, connexion lente
# $rate : la vitesse, en Ko par seconde.
slow-link = Avec Tor sur un téléphone, une connexion lente envoie environ { $rate } Ko par seconde. À cette vitesse :
# $size : une taille déjà écrite ; $unit et $amount : sa durée (message duration).
slow-link-example = { $size } : environ { duration }
slow-link-limit = { $size }, le maximum pour un envoi : environ { duration }
slow-link-cut = Si la connexion se coupe pendant l’envoi, tout est perdu et il faut recommencer.
split-tip-first = Envoyez d’abord le texte seul, sans fichier. Vous recevez un code.
split-tip-then = Puis ajoutez les fichiers un par un : « { nav-status } », entrez votre code, puis « { followup-title } ». Un fichier par message.
split-followup = Sur une connexion lente, envoyez les gros fichiers un par un : un fichier par message. Votre code ne change pas.

## Page du code (affichée une seule fois, sans aucun lien vers une autre page)

receipt-title = Message reçu. Merci.
receipt-intro = Voici votre code :
receipt-once = Ce code n’est affiché qu’une seule fois. Écrivez-le sur un papier maintenant.
receipt-leave = Si vous quittez ou fermez cette page, personne ne pourra plus jamais vous montrer ce code.
receipt-nobody = Si vous le perdez, personne ne peut le retrouver, pas même nous.
receipt-hide = Cachez ce papier. Ne prenez pas le code en photo. Ne le donnez à personne.
receipt-print = Écrire à la main est le plus sûr. N’imprimez jamais au travail.
receipt-return-title = Pour revenir
receipt-return = Dans quelques jours, ouvrez ce site dans le navigateur Tor. Choisissez « { nav-status } » et entrez ce code. Vous pourrez lire les réponses et ajouter un message.
# Titre de la partie de cette page écrite dans cette langue, quand la page est dans une autre.
receipt-in-language = En français

## Saisie du code

status-intro = Entrez le code de 24 chiffres reçu après votre envoi.
receipt-label = Votre code
receipt-hint = Les espaces ne comptent pas.
problem-length = Un code a 24 chiffres. Il en manque, ou il y en a trop. Vérifiez votre papier.
problem-check = Un chiffre est faux, ou deux chiffres sont inversés. Vérifiez chaque chiffre.
problem-not-found = Rien n’a été trouvé pour ce code. Vérifiez chaque chiffre, puis réessayez. Un code très ancien a peut-être été effacé : vous pouvez alors envoyer un nouveau message.
status-lost = Code perdu ? Personne ne peut le retrouver. Vous pouvez envoyer un nouveau message.

## Réponses

thread-title = Réponses
# $date : une date déjà écrite (message date).
reply-on = Réponse du { $date }
no-reply = Pas encore de réponse. Cela peut prendre plusieurs semaines. Revenez voir une fois par semaine.
unsafe-question = Si on vous demande une chose dangereuse à dire, ne répondez pas à cette question. Écrivez simplement : « Je ne peux pas répondre à cela sans danger. »
followup-title = Ajouter un message
followup-intro = Vous pouvez répondre, ou ajouter des informations ou des documents. Votre code ne change pas.

## Après un message ajouté

followup-done-title = Message ajouté. Merci.
followup-done-text = Votre message est bien arrivé. Gardez le même code. Revenez dans quelques jours pour voir les réponses.
# $count : le nombre de fichiers arrivés (au moins 1) ; la liste suit.
followup-done-files = { $count ->
        [one] Ce fichier est arrivé :
       *[other] Ces { $count } fichiers sont arrivés :
    }
followup-done-no-file = Aucun fichier n’était joint : seul le texte est arrivé.

## Pages d’erreur

error-back = Pour retrouver votre texte, revenez en arrière avec le bouton du navigateur : il y est peut-être encore.
error-home = Retour à l’accueil
err-bad-request-title = Envoi non compris
err-bad-request = Le site n’a pas pu lire ce qui a été envoyé, peut-être à cause d’une coupure de connexion. Rien n’a été enregistré. Réessayez.
err-empty-title = Message vide
err-empty = Vous n’avez rien écrit et aucun fichier n’était joint. Rien n’a été envoyé. Écrivez votre message, puis appuyez sur « { send-button } ».
err-cross-site-title = Envoi refusé
err-cross-site = Ce formulaire doit être envoyé depuis ce site lui-même. Rien n’a été enregistré. Ouvrez ce site directement dans le navigateur Tor. Si une autre page vous a envoyé ici, ne lui faites pas confiance.
err-not-found-title = Page introuvable
err-not-found = Cette page n’existe pas. Vérifiez l’adresse, ou revenez à l’accueil.
err-method-title = Page non disponible
err-method = Cette adresse sert seulement à envoyer un formulaire. Elle ne s’ouvre pas directement. Revenez à l’accueil.
err-too-large-title = Fichiers trop gros
# $size : la taille permise pour un envoi, déjà écrite.
err-too-large = Ensemble, le texte et les fichiers dépassent { $size }, la taille permise pour un envoi. Rien n’a été enregistré.
err-too-many-files-title = Trop de fichiers
err-too-many-files = Un envoi peut contenir au plus { $files ->
        [one] { $files } fichier
       *[other] { $files } fichiers
    }. Il y en avait plus. Rien n’a été enregistré.
err-too-long-title = Texte trop long
err-too-long = Le texte dépasse { $chars } caractères, la longueur permise. Rien n’a été enregistré. Raccourcissez-le, ou coupez-le en plusieurs messages.
err-form-too-large-title = Envoi trop long
err-form-too-large = Ce formulaire ne reçoit qu’un code de 24 chiffres, et ce qui a été envoyé est bien plus long. Rien n’a été enregistré. Entrez seulement votre code.
err-slow-down-title = Trop d’essais
err-slow-down = Il y a eu trop d’essais en peu de temps. Rien n’a été enregistré. Attendez quelques minutes, puis réessayez.
err-busy-title = Service occupé
err-busy = Le service est très occupé. Rien n’a été enregistré. Réessayez dans quelques minutes.
err-no-space-title = Service indisponible
err-no-space = Le service ne peut pas recevoir de messages pour le moment. Rien n’a été enregistré. Réessayez plus tard, par exemple demain.
err-timed-out-title = Envoi trop lent
err-timed-out = L’envoi a pris trop de temps et a été arrêté. Rien n’a été enregistré. Réessayez quand la connexion est meilleure.
err-too-slow-title = Connexion trop lente
err-too-slow = La connexion était trop lente et l’envoi a été arrêté pour laisser la place à d’autres. Rien n’a été enregistré.
err-internal-title = Erreur du service
err-internal = Une erreur s’est produite de notre côté. Si vous envoyiez un message, il n’a peut-être pas été enregistré. Réessayez plus tard.

## Le bureau du relecteur (gundo review desk) : chaque texte du programme
## en plein écran des relecteurs. Les touches (r, n, m, o, b, /, ?, q, Tab,
## Ctrl+S, les flèches) sont écrites par le programme ; seuls Entrée et
## Échap ont un nom ici.

desk-welcome = Bienvenue. Choisissez un fil avec ↑↓ et Entrée ; la touche « ? » montre toutes les touches.
desk-arabic-note = Le texte arabe est affiché dans l’ordre logique. Si les lettres apparaissent séparées ou à l’envers, ce terminal ne sait pas les lier : le texte est juste.
desk-title-inbox = Boîte de réception
desk-title-thread = Fil
desk-title-reply = Réponse à la source
desk-title-note = Note pour les relecteurs
desk-title-outbox = Boîte d’envoi
desk-title-bundle = Ouvrir un lot
desk-title-help = Aide
desk-keyname-enter = Entrée
desk-keyname-esc = Échap
desk-key-move = choisir
desk-key-open = ouvrir
desk-key-open-file = ouvrir le fichier
desk-key-reply = répondre
desk-key-note = note
desk-key-mark = état
desk-key-outbox = envoi
desk-key-bundle = lot
desk-key-search = chercher
desk-key-search-done = garder
desk-key-clear = effacer
desk-key-help = aide
desk-key-quit = quitter
desk-key-back = retour
desk-key-back-draft = retour, brouillon gardé
desk-key-scroll = défiler
desk-key-attachment = pièce jointe
desk-key-preview = aperçu
desk-key-queue = mettre en attente
desk-key-edit = modifier
desk-key-write = écrire
desk-key-folder = autre dossier
desk-key-other-bundle = autre lot
desk-key-choose = choisir
desk-key-confirm = valider
desk-key-cancel = annuler
desk-state-new = nouveau
desk-state-open = en cours
desk-state-answered = répondu
desk-state-handled = traité
desk-count-threads = { $count ->
        [one] { $count } fil
       *[other] { $count } fils
    }
desk-count-new = { $count ->
        [one] { $count } nouveau message
       *[other] { $count } nouveaux messages
    }
desk-count-unanswered = { $count ->
        [one] { $count } sans réponse
       *[other] { $count } sans réponse
    }
desk-marker-new = { $count ->
        [one] { $count } nouveau
       *[other] { $count } nouveaux
    }
desk-marker-unanswered = sans réponse
desk-marker-conflict = conflit
desk-marker-unreadable = { $count ->
        [one] { $count } illisible
       *[other] { $count } illisibles
    }
desk-no-text = (pas de texte lisible)
desk-inbox-empty = Aucun fil pour l’instant. Ouvrez le lot que l’opérateur a apporté sur la clé USB avec la touche b.
desk-search-prompt = Chercher
desk-search-found = { $count ->
        [one] { $count } fil trouvé
       *[other] { $count } fils trouvés
    }
desk-search-none = Aucun fil ne contient « { $query } ».
desk-thread-started = Fil { $id }, commencé le { $date }
desk-thread-state = État : { $what }
desk-thread-handler = suivi par { $name }
desk-thread-conflict = Conflit le { $date } : des relecteurs ont donné des états différents. Mettez-vous d’accord, puis touche m.
desk-thread-conflict-entry = { $name } : { $what }
desk-thread-unreadable = { $count ->
        [one] Un message de ce fil a été chiffré avant l’ajout de votre clé : vous ne pouvez pas le lire, un autre relecteur le peut.
       *[other] { $count } messages de ce fil ont été chiffrés avant l’ajout de votre clé : vous ne pouvez pas les lire, un autre relecteur le peut.
    }
desk-event-tip = Message de la source, { $date }
desk-event-followup = Suite de la source, { $date }
desk-event-not-sealed = Chiffré avant l’ajout de votre clé : vous ne pouvez pas le lire. Un autre relecteur le peut.
desk-event-damaged = Ce message est endommagé : { $what }
desk-event-reply = Réponse de { $name }, { $date }
desk-event-note = Note de { $name } pour les relecteurs, jamais envoyée à la source, { $date }
desk-event-state = État mis par { $name }, { $date } : { $what }
desk-event-sealed = Chiffré avant l’ajout de votre clé : vous ne pouvez pas le lire.
desk-event-mine-reply = Votre réponse, { $date }
desk-event-mine-note = Votre note pour les relecteurs, { $date }
desk-event-mine-state = Votre état, { $date } : { $what }
desk-event-mine-queued = en attente de la prochaine boîte d’envoi (o)
desk-event-mine-sent = dans une boîte d’envoi, pas encore revenue par le serveur
desk-event-draft = Brouillon de réponse, pas en attente (touche r pour le reprendre)
desk-cleaning-cleaned = copie nettoyée ({ $what })
desk-cleaning-not-cleaned = pas nettoyé
desk-cleaning-refused = REFUSÉ au nettoyage, peut-être piégé
desk-cleaning-removed = Copie nettoyée, retiré : { $what }
desk-risk-executable = programme
desk-risk-executable-says = Un programme : il se lance dès qu’on l’ouvre. Ne l’ouvrez pas.
desk-risk-script = script
desk-risk-script-says = Un script : il lance des commandes si on l’ouvre. Lisez-le seulement comme texte.
desk-risk-macro-document = document à macros
desk-risk-macro-document-says = Un document bureautique avec macros ou objets actifs : n’activez jamais son contenu.
desk-risk-active-pdf = PDF avec scripts
desk-risk-active-pdf-says = Un PDF avec scripts ou actions : ouvrez-le seulement dans un lecteur sans JavaScript.
desk-risk-html = page web
desk-risk-html-says = Une page web ou une image avec scripts : ne l’ouvrez pas dans un navigateur.
desk-risk-archive = archive
desk-risk-archive-says = Une archive ou une image disque : les fichiers qu’elle contient ne sont pas vérifiés.
desk-attachment-title = Pièce jointe
desk-attachment-cleaned = Ouvrir la copie nettoyée (conseillé)
desk-attachment-text = Lire l’original comme texte, ici (rien n’est exécuté)
desk-attachment-original = Ouvrir l’original dans un autre programme…
desk-attachment-markup = Une page web ou une image SVG ne s’ouvre jamais dans un navigateur depuis le bureau : lisez-la comme texte.
desk-original-title = Ouvrir l’original ?
desk-original-intro = Vous allez ouvrir l’ORIGINAL de { $file }, tel que la source l’a envoyé.
desk-original-keeps = Il garde ce que la copie nettoyée a retiré : { $what }
desk-original-not-cleaned = Pas nettoyé : il peut contenir le lieu, l’appareil ou le nom de son auteur ({ $what }).
desk-original-refused = Refusé au nettoyage : endommagé ou piégé ({ $what }).
desk-original-type-name = Ce fichier peut lancer du code. Pour l’ouvrir quand même sur cet ordinateur, tapez son nom exact : { $file }
desk-original-yes = Ouvrir l’original
desk-editor-reply = Réponse à la source : chiffrée pour son reçu et pour chaque relecteur
desk-editor-note = Note pour les autres relecteurs : jamais envoyée à la source
desk-editor-size = { $size } sur { $max }
desk-preview-reply = Aperçu : voici ce que la source lira avec son reçu
desk-preview-note = Aperçu : voici ce que les autres relecteurs liront
desk-problem-empty = Le texte est vide : rien à mettre en attente.
desk-problem-too-long = Le texte est trop long. Raccourcissez-le, ou coupez-le en plusieurs messages.
desk-problem-name = Ce n’est pas le nom du fichier : rien n’a été ouvert.
desk-problem-browser = Une page web ou une image SVG ne s’ouvre jamais dans un navigateur depuis le bureau : elle est montrée comme texte.
desk-queued-reply = Réponse chiffrée et mise en attente : elle part avec la prochaine boîte d’envoi (o).
desk-queued-note = Note chiffrée pour les relecteurs et mise en attente : elle part avec la prochaine boîte d’envoi (o).
desk-draft-kept = Brouillon gardé, chiffré dans l’espace de travail.
desk-mark-title = État du fil
desk-mark-intro = Pour les autres relecteurs, jamais pour la source :
desk-mark-handler = Suivi par :
desk-mark-handler-hint = Tapez un nom, ou laissez vide si personne ne suit ce fil.
desk-marked = État « { $what } » mis en attente : il part avec la prochaine boîte d’envoi (o).
desk-outbox-intro = La boîte d’envoi va au serveur sur la clé USB. Elle contient, chiffrés et signés par vous :
desk-outbox-replies = { $count ->
        [one] { $count } réponse
       *[other] { $count } réponses
    }
desk-outbox-team = { $count ->
        [one] { $count } note ou état
       *[other] { $count } notes et états
    }
desk-outbox-acks = { $count ->
        [one] { $count } accusé de réception
       *[other] { $count } accusés de réception
    }
desk-outbox-nothing = Rien à envoyer pour l’instant : aucune réponse, note ou état en attente, aucun message nouveau.
desk-outbox-folder = Dossier :
desk-outbox-file = Nom du fichier : { $file }
desk-outbox-hint = Le dossier de la clé USB est proposé si elle est branchée ; Tab pour un autre dossier trouvé, ou tapez un chemin.
desk-outbox-written = Écrit : { $path } ({ $replies ->
        [one] { $replies } réponse
       *[other] { $replies } réponses
    }, { $notes ->
        [one] { $notes } note ou état
       *[other] { $notes } notes et états
    }, { $acks ->
        [one] { $acks } accusé de réception
       *[other] { $acks } accusés de réception
    }).
desk-outbox-handover = Remettez la clé USB à l’opérateur : il lance gundo import.
desk-outbox-cannot-sign = Cette identité ne peut pas signer : écrivez la boîte d’envoi avec une clé faite par gundo keygen.
desk-outbox-no-folder = Ce dossier n’existe pas : { $path }
desk-progress-outbox = Écriture de la boîte d’envoi
desk-progress-bundle = Vérification et ouverture du lot
desk-progress-of = { $size } sur { $max }
desk-bundle-intro = Le lot vient du serveur, sur la clé USB. Sa signature est vérifiée avant que rien ne soit ajouté.
desk-bundle-path = Lot :
desk-bundle-hint = Le lot le plus récent trouvé sur la clé USB est proposé ; Tab pour un autre, ou tapez un chemin.
desk-opened = Lot ouvert : { $messages ->
        [one] { $messages } nouveau message
       *[other] { $messages } nouveaux messages
    }, { $replies ->
        [one] { $replies } nouvelle réponse
       *[other] { $replies } nouvelles réponses
    }, { $notes ->
        [one] { $notes } nouvelle note
       *[other] { $notes } nouvelles notes
    } ; { $threads ->
        [one] { $threads } fil
       *[other] { $threads } fils
    } en tout.
desk-opened-unreadable = { $count ->
        [one] Un message a été chiffré avant l’ajout de votre clé : un autre relecteur peut le lire.
       *[other] { $count } messages ont été chiffrés avant l’ajout de votre clé : un autre relecteur peut les lire.
    }
desk-open-failed = Rien n’a été ouvert : { $what }
desk-trust-server-title = Clé du serveur
desk-trust-server = Ce lot est signé par la clé du serveur dont l’empreinte est :
desk-trust-server-check = Est-ce l’empreinte que l’opérateur vous a donnée ? Lisez-la ensemble à voix haute avant de répondre.
desk-trust-yes = Oui, c’est la même
desk-trust-no = Non
desk-trust-reviewers-title = Changement de relecteurs
desk-trust-reviewers = Ce lot change les relecteurs pour qui les réponses et les notes sont chiffrées.
desk-trust-added = Ajoutés : { $what }
desk-trust-removed = Retirés : { $what }
desk-trust-reviewers-check = Accepter ce changement ? Vérifiez-le d’abord avec l’opérateur.
desk-files-runtime = Les fichiers ouverts passent par un dossier privé en mémoire vive, effacé à la fermeture : { $path }
desk-files-shm-unset = XDG_RUNTIME_DIR n’est pas défini : les fichiers ouverts passent par /dev/shm, en mémoire vive, effacé à la fermeture : { $path }
desk-files-shm-disk = { $what } n’est pas en mémoire vive : les fichiers ouverts passent par /dev/shm, effacé à la fermeture : { $path }
desk-files-nowhere = Aucun dossier en mémoire vive (ni XDG_RUNTIME_DIR ni /dev/shm) : rien ne s’ouvre dans un autre programme, pour ne rien écrire en clair sur le disque. Lisez les fichiers comme texte ici, ou utilisez gundo review save.
desk-viewing = { $file } est ouvert dans la visionneuse, depuis le dossier en mémoire vive effacé à la fermeture du bureau.
desk-viewer-failed = La visionneuse n’a pas pu être lancée : { $what }
desk-reader-note = Affiché comme texte : rien n’est exécuté, et les caractères de contrôle sont montrés comme des symboles.
desk-reader-cut = Seuls les premiers { $size } sont montrés.
desk-help-intro = gundo, le bureau du relecteur. Tout ce qui est lu ici reste en mémoire : l’espace de travail sur le disque ne garde que du texte chiffré.
desk-help-move = choisir un fil
desk-help-open = ouvrir le fil choisi
desk-help-reply = écrire une réponse à la source
desk-help-note = écrire une note pour les autres relecteurs, jamais envoyée à la source
desk-help-mark = donner l’état du fil et qui le suit
desk-help-outbox = écrire la boîte d’envoi sur la clé USB
desk-help-bundle = ouvrir un lot apporté par l’opérateur
desk-help-search = chercher dans le texte de tous les messages
desk-help-help = cette aide
desk-help-quit = quitter (le dossier en mémoire vive est effacé)
desk-help-markers = Les marques
desk-help-marker-new = des messages arrivés depuis votre dernière boîte d’envoi
desk-help-marker-conflict = des relecteurs ont donné des états différents le même jour
desk-help-marker-handler = qui suit le fil
desk-help-states = États : nouveau (personne ne l’a encore vu), en cours, répondu, traité (plus rien à faire).
desk-help-scroll = faire défiler
desk-help-attachment = choisir la pièce jointe suivante
desk-help-open-file = ouvrir la pièce jointe choisie
desk-help-back = revenir en arrière
desk-help-preview = voir l’aperçu, puis Entrée pour mettre en attente
desk-help-draft = revenir ; une réponse est gardée comme brouillon chiffré
desk-help-files = Les fichiers
desk-help-files-text = Ouvrez d’abord la copie nettoyée. Elle passe par un dossier privé en mémoire vive, effacé quand le bureau se ferme, et au démarrage suivant après une panne :
desk-help-original = L’original ne s’ouvre qu’après une confirmation qui nomme le risque ; un programme ou un script seulement si vous tapez son nom. Une page web ou une image SVG ne s’ouvre jamais dans un navigateur.
desk-help-arabic = Le texte arabe est affiché dans l’ordre logique : si ce terminal ne sait pas lier les lettres, elles apparaissent séparées, mais le texte est juste.
