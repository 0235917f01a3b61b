// Text fields people type. Names allow what real company and person names
// use (letters of any script, digits, spaces, . , ' & ( ) - _ / + # @ ! :) and
// nothing that only markup or injection needs (< > ; " ` \ { } and control
// characters). Free text (descriptions) allows more, but never markup or
// control characters. Queries are parameterized anyway; this is about keeping
// stored text clean and telling the person at once.
//
// Every text field (names, logins, notes, descriptions) also refuses text
// that looks other than it is (docs/domain.md, "Text"):
// - invisible characters: C1 controls (U+0080-U+009F) and Unicode format
//   characters (\p{Cf}: bidirectional overrides, embeddings, isolates and
//   marks, zero-width space, word joiner, byte-order mark, soft hyphen, tag
//   characters...). "invoice \u202Etxt.exe" reads "invoice exe.txt".
//   The zero-width non-joiner and joiner (U+200C, U+200D) are the exception:
//   Persian, Urdu and the Indic scripts need them inside words, and emoji
//   sequences need the joiner (👩‍💻). They are accepted between two
//   characters of a script that uses them, or between two emoji, and refused
//   anywhere else, where they could only hide ("Ac\u200Dme" would be a
//   second "Acme").
// - stacked combining marks ("Zalgo" text): at most MAX_MARKS on one base
//   character, counted after composing (NFC), so Vietnamese "ệ" typed as
//   e + two accents is one character with none.
import { z } from "zod";
import { problem } from "@/lib/errors/problem";

const NAME = /^[\p{L}\p{M}\p{N} .,'&()\-_/+#@!:]+$/u;
const UNSAFE_FREE_TEXT = /[<>\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** C1 controls and format characters: none of them shows as itself. */
const INVISIBLE = /[\u0080-\u009f\p{Cf}]/gu;
const JOINERS = new Set(["\u200c", "\u200d"]);
/** The scripts that join or break ligatures with U+200C/U+200D inside words. */
const JOINING_SCRIPT =
  /[\p{scx=Arab}\p{scx=Syrc}\p{scx=Nkoo}\p{scx=Mong}\p{scx=Deva}\p{scx=Beng}\p{scx=Guru}\p{scx=Gujr}\p{scx=Orya}\p{scx=Taml}\p{scx=Telu}\p{scx=Knda}\p{scx=Mlym}\p{scx=Sinh}]/u;
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;
/** An emoji, or what may end one before a joiner: a skin tone or the emoji variation selector. */
const EMOJI_BEFORE = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F]/u;
const EMOJI_AFTER = /\p{Extended_Pictographic}/u;

/** At most this many combining marks on one base character. */
export const MAX_MARKS = 3;
const STACKED_MARKS = new RegExp(`\\p{M}{${MAX_MARKS + 1}}`, "u");

/** "U+202E": how the message names a character the person cannot see. */
const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

function joinerAllowed(before: string | undefined, after: string | undefined): boolean {
  if (before === undefined || after === undefined) return false;
  const script = (c: string) => LETTER_OR_MARK.test(c) && JOINING_SCRIPT.test(c);
  return (script(before) && script(after)) || (EMOJI_BEFORE.test(before) && EMOJI_AFTER.test(after));
}

/** The whole character (code point) that ends just before UTF-16 index `end`. */
function charBefore(text: string, end: number): string | undefined {
  const pair = end >= 2 ? text.codePointAt(end - 2)! : 0;
  return pair > 0xffff ? String.fromCodePoint(pair) : text[end - 1];
}

/** The whole character (code point) that starts at UTF-16 index `start`. */
function charAt(text: string, start: number): string | undefined {
  const code = text.codePointAt(start);
  return code === undefined ? undefined : String.fromCodePoint(code);
}

/**
 * The first character of `text` that does not show as itself (see above),
 * if any. Native regex scans only: a long text costs little.
 */
export function invisibleCharacter(text: string): string | undefined {
  for (const match of text.matchAll(INVISIBLE)) {
    const char = match[0];
    const allowed = JOINERS.has(char) && joinerAllowed(charBefore(text, match.index), charAt(text, match.index + char.length));
    if (!allowed) return char;
  }
  return undefined;
}

/**
 * The text with every character that does not show as itself written out as
 * "<U+202E>": for text that is recorded as it came, never refused (a login
 * someone typed at a failed attempt), so that the audit page shows what was
 * sent and a direction override cannot rearrange what a reader sees.
 */
export function showHidden(text: string): string {
  return text.replace(INVISIBLE, (char) => `<${codePoint(char)}>`);
}

/** Whether some base character carries more than MAX_MARKS combining marks. */
export function hasStackedMarks(text: string): boolean {
  return STACKED_MARKS.test(text.normalize("NFC"));
}

/**
 * What in `text` would make it look other than it is, as an encoded problem:
 * an invisible character ("invisibleCharacters", naming the first one) or a
 * stack of combining marks ("tooManyMarks"); undefined when there is none.
 */
export function hiddenTextProblem(text: string): string | undefined {
  const invisible = invisibleCharacter(text);
  if (invisible !== undefined) return problem("invisibleCharacters", { char: codePoint(invisible) });
  if (hasStackedMarks(text)) return problem("tooManyMarks", { max: MAX_MARKS });
  return undefined;
}

/** A zod check for any text field: refuses what hiddenTextProblem finds. */
export function refuseHiddenText(text: string, ctx: z.RefinementCtx) {
  const found = hiddenTextProblem(text);
  if (found) ctx.addIssue({ code: "custom", message: found });
}

/** Joiners a name may hold (in context, checked above); any other character must be a name character. */
const isNameCharacters = (s: string) => NAME.test(s.replace(/[\u200c\u200d]/g, ""));

export function nameText(max = 100) {
  return z
    .string({ error: problem("required") })
    .trim()
    .min(1, problem("required"))
    .max(max, problem("tooLong", { max }))
    .superRefine(refuseHiddenText)
    .refine((s) => isNameCharacters(s), problem("unsafeText"));
}

export function freeText(max = 500) {
  return z
    .string()
    .trim()
    .max(max, problem("tooLong", { max }))
    .superRefine(refuseHiddenText)
    .refine((s) => !UNSAFE_FREE_TEXT.test(s), problem("unsafeText"));
}

/** The key that makes a name unique regardless of case and spacing. */
export function textKey(text: string): string {
  return text.trim().normalize("NFKC").toLowerCase();
}
