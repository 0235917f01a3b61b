// How a name or code in a crowded table may wrap. Ordinary words wrap only
// between words and after hyphens ("volga-card-" / "04925715"), never inside
// one: short usernames and dates stay whole. A word longer than LONG_WORD
// characters (a 64-character username, a pasted token) may break anywhere,
// or it alone would make the table wider than a 1280 px screen.
const LONG_WORD = 24;
const HAS_LONG_WORD = new RegExp(`[^\\s-]{${LONG_WORD + 1},}`);

/** The Tailwind class that lets `text` wrap as above. */
export function wordWrapClass(text: string): "wrap-normal" | "wrap-anywhere" {
  return HAS_LONG_WORD.test(text) ? "wrap-anywhere" : "wrap-normal";
}
