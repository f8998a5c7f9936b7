// A match's reasons in words: each {factor, points, detail} the server recorded becomes one
// short phrase ("same street", "both about gardening", "both free on Saturday"), best first.
// Pure (the translation function is handed in), so that node --test checks it.

const list = (tr, items) => items.join(tr("match.and_sep"));

const PHRASES = {
  category: (tr, d) =>
    d.offered && d.offered !== d.category
      ? tr("match.reason.related", {
          category: tr(`listing.category.${d.category}`),
          offered: tr(`listing.category.${d.offered}`),
        })
      : tr("match.reason.category", { category: tr(`listing.category.${d.category}`) }),
  words: (tr, d) =>
    d.skills?.length
      ? tr("match.reason.skills", {
          skills: list(
            tr,
            d.skills.map((s) => tr(`listing.skill.${s}`)),
          ),
        })
      : tr("match.reason.words", { count: d.shared_words ?? 0 }),
  time: (tr, d) => {
    const days = list(
      tr,
      (d.days || []).map((day) => tr(`listing.weekday.${day}`)),
    );
    if (typeof d.minutes_apart === "number") {
      return tr("match.reason.departure", { days, minutes: d.minutes_apart });
    }
    return tr("match.reason.days", { days });
  },
  distance: (tr, d) =>
    d.same_street
      ? tr("match.reason.same_street")
      : tr("match.reason.metres", { metres: d.metres }),
  route: (tr, d) => tr("match.reason.route", { pickup: d.pickup_m, dropoff: d.dropoff_m }),
};

/** The phrases of a match's reasons, in the order given (the server sorts them best first). */
export function reasonPhrases(reasons, tr) {
  return (reasons || [])
    .filter((reason) => PHRASES[reason.factor])
    .map((reason) => PHRASES[reason.factor](tr, reason.detail || {}));
}
