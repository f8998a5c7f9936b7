// Textes français de la mise en relation : l'écran des suggestions, les raisons en mots et les
// refus d'une suggestion ; ceux des mises en relation viennent de leur propre fichier. Ensemble :
// chaque refus de contracts/matching/refusals.py.
import connections from "./connections-messages.fr.js";

export default {
  ...connections,
  "match.nav": "Suggestions",
  "match.title": "Suggéré pour vous",
  "match.intro":
    "Des voisins dont les annonces répondent aux vôtres. Acceptez pour être mis en relation : quand vous acceptez tous les deux, vous pouvez vous écrire.",
  "match.none":
    "Pas encore de suggestion. Publiez une offre ou une demande : nous vous dirons qui y répond.",
  "match.a_listing": "Une annonce",
  "match.a_neighbour": "Un voisin",
  "match.asks": "{name} demande",
  "match.offers": "{name} propose",
  "match.for_mine": "pour votre annonce « {title} »",
  "match.why": "Pourquoi :",
  "match.and_sep": ", ",
  "match.accept": "Accepter",
  "match.decline": "Refuser",
  "match.accept_named": "Accepter la suggestion « {title} »",
  "match.decline_named": "Refuser la suggestion « {title} »",
  "match.status.waiting": "Vous avez accepté : votre voisin doit répondre.",
  "match.status.they_accepted": "Votre voisin a accepté : à vous.",
  "match.status.connected": "Vous êtes en relation.",
  "match.write_to": "Écrire à {name}",
  "match.status.declined": "Refusée.",
  "match.withdrawn.listing_closed": "Plus suggérée : une annonce a été fermée.",
  "match.withdrawn.blocked": "Plus suggérée.",
  "match.withdrawn.erased": "Plus suggérée : le compte a été fermé.",
  "match.reason.category": "tous deux : {category}",
  "match.reason.related": "{offered} pour une demande de {category}",
  "match.reason.skills": "tous deux autour de : {skills}",
  "match.reason.words": "{count} mots en commun",
  "match.reason.days": "libres tous deux le {days}",
  "match.reason.departure": "part à {minutes} min de votre heure ({days})",
  "match.reason.same_street": "même rue",
  "match.reason.metres": "à environ {metres} m",
  "match.reason.route": "passe à {pickup} m de votre départ et {dropoff} m de votre arrivée",
  "error.unknown_match": "Cette suggestion n'existe pas, ou ne vous concerne pas.",
  "error.match_not_open": "Cette suggestion est terminée : refusée, retirée ou déjà en relation.",
  "error.match_already_answered": "Vous avez déjà répondu à cette suggestion.",
};
