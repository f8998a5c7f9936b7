// French texts of the identity context's refusals (contracts/identity/refusals.py).
export default {
  "error.email_taken": "Un compte existe déjà avec cette adresse e-mail.",
  "error.invalid_email": "Saisissez une adresse e-mail valide.",
  "error.password_too_weak":
    "Mot de passe trop faible : au moins 10 caractères, dont au moins 3 différents ; ni un mot de passe courant, ni votre adresse e-mail.",
  "error.invalid_credentials": "Adresse e-mail ou mot de passe incorrect.",
  "error.current_password_wrong": "Le mot de passe actuel est incorrect.",
  "error.invalid_profile": "Vérifiez votre nom et votre numéro de téléphone.",
  "error.account_erased": "Ce compte a été supprimé.",
  "error.address_unknown": "Cette adresse est introuvable dans la Base Adresse Nationale.",
  "error.address_incomplete": "Adresse incomplète : numéro et rue, code postal et commune.",
  "error.address_not_located": "Cette adresse n’a pas pu être localisée.",
  "error.no_address_declared": "Déclarez d’abord votre adresse.",
  "error.address_already_verified": "Votre adresse est déjà vérifiée.",
  "error.already_verified": "Votre adresse est déjà vérifiée.",
  "error.too_many_letters":
    "Trop de courriers ont déjà été envoyés pour cette adresse. Envoyez plutôt un justificatif.",
  "error.too_many_letter_addresses":
    "Des courriers ont récemment été envoyés à autant d’adresses différentes que permis. Envoyez plutôt un justificatif.",
  "error.no_letter_posted":
    "Aucun courrier n’a été envoyé : déclarez votre adresse pour en recevoir un.",
  "error.code_for_another_letter":
    "Ce code correspond à un ancien courrier : utilisez celui du dernier reçu.",
  "error.wrong_code": "Ce code ne correspond pas à celui du courrier.",
  "error.code_expired":
    "Ce code a expiré : déclarez à nouveau votre adresse pour recevoir un nouveau courrier.",
  "error.too_many_attempts":
    "Trop de codes erronés : déclarez à nouveau votre adresse pour recevoir un nouveau courrier.",
  "error.unsupported_document_type": "Ce type de fichier n’est pas accepté : PDF, JPEG ou PNG.",
  "error.document_too_large": "Le fichier est trop volumineux (5 Mo maximum).",
  "error.voucher_not_verified":
    "Vérifiez d’abord votre propre adresse avant de vous porter garant d’un voisin.",
  "error.voucher_verified_by_vouches":
    "Seuls les habitants vérifiés par courrier ou par justificatif peuvent se porter garants d’un voisin.",
  "error.unsupported_language": "Choisissez le français ou l’anglais.",
  "error.cannot_vouch_for_yourself": "Vous ne pouvez pas vous porter garant de vous-même.",
  "error.voucher_too_far": "Vous habitez trop loin pour vous porter garant de ce voisin.",
  "error.vouch_limit_reached": "Vous vous êtes déjà porté garant d’autant de voisins que permis.",
  "error.already_vouched": "Vous vous êtes déjà porté garant de ce voisin.",
  "error.vouch_for_another_address": "Ce voisin a déclaré une autre adresse depuis.",
  "error.cannot_review_own_document": "Personne n’examine son propre justificatif de domicile.",
  "error.document_already_decided": "Ce document a déjà été accepté ou refusé.",
  "error.document_for_another_address": "Le résident a déménagé depuis l’envoi de ce document.",
  "error.document_retention_not_over":
    "Un document examiné est conservé 30 jours avant d’être supprimé.",
  "error.document_still_under_review": "Ce document attend encore d’être examiné.",
  "error.not_allowed_to_review":
    "Seul un opérateur, ou un modérateur d’un quartier qui contient l’adresse, peut l’examiner.",
  "error.reason_required": "Dites pourquoi : le résident le lira.",
  "error.reason_too_long": "Une raison fait au plus 500 caractères.",
  "error.role_is_platform_wide":
    "Un opérateur agit sur toute la plateforme, pas sur un seul quartier.",
  "error.role_needs_neighbourhood": "Un modérateur modère un quartier : indiquez lequel.",
  "error.unknown_role": "Ce rôle n’existe pas.",
  "error.account_token_unknown": "Ce lien n’est pas valable. Demandez-en un nouveau.",
  "error.account_token_expired": "Ce lien a expiré. Demandez-en un nouveau.",
  "error.account_token_used": "Ce lien a déjà servi. Demandez-en un nouveau si besoin.",
  "error.account_token_superseded":
    "Un lien plus récent vous a été envoyé depuis : utilisez celui du dernier e-mail.",
  "error.email_already_confirmed": "Votre adresse e-mail est déjà confirmée.",
};
