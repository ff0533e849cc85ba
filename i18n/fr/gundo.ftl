### gundo — français, la langue par défaut (et celle contre laquelle `fl!`
### vérifie chaque identifiant à la compilation).
###
### Des mots simples, des phrases courtes, « vous ». Typographie : apostrophe
### typographique (’), guillemets « », espace insécable (U+00A0) avant : ? ! ;
### à l’intérieur des guillemets et entre un nombre et son unité. Jamais de
### ' ni de " droits, ni de < > & : le site les échappe, et la page grossit.
###
### Les messages `desk-…` (à venir) sont ceux du programme des relecteurs ;
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
