// Generated secrets: the "Generate" buttons of the account dialog and the
// prepaid cards of a bulk run. 16 characters from 62 give ~95 bits, far past
// guessing; letters and digits only, so a card's secret reads aloud and
// survives any phone's keypad-and-keyboard entry and a CSV file unquoted.
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const GENERATED_SECRET_LENGTH = 16;

/** Works in the browser and in Node (Web Crypto in both). */
export function generateSecret(length = GENERATED_SECRET_LENGTH): string {
  const out: string[] = [];
  // Rejection sampling: bytes 248..255 would favour the first characters.
  while (out.length < length) {
    const bytes = crypto.getRandomValues(new Uint8Array(length * 2));
    for (const b of bytes) {
      if (b < 248 && out.length < length) out.push(ALPHABET[b % 62]!);
    }
  }
  return out.join("");
}

/** Random decimal digits, for card usernames. */
export function randomDigits(count: number): string {
  let out = "";
  while (out.length < count) {
    for (const b of crypto.getRandomValues(new Uint8Array(count * 2))) {
      if (b < 250 && out.length < count) out += String(b % 10);
    }
  }
  return out;
}
