// Text that looks other than it is: invisible characters (C1 controls,
// format characters, misplaced joiners) and stacked combining marks are
// refused in every text field, each with its own message.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { loginSchema } from "@/lib/auth/login-schema";
import { createCustomerSchema } from "@/lib/customers/customer-schema";
import { maintenanceSchema } from "@/lib/ledger/maintenance-schema";
import { tariffSchema } from "@/lib/tariffs/tariff-schema";
import { decodeProblem, problem } from "@/lib/errors/problem";
import { freeText, hiddenTextProblem, invisibleCharacter, MAX_MARKS, nameText, showHidden } from "./text";

const hex = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, "0")}`;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const invisible = (c: number) => problem("invisibleCharacters", { char: hex(c) });

/** Each class the rule names, with every code point in it. */
const CLASSES: Record<string, number[]> = {
  "C1 controls (U+0080-U+009F)": range(0x80, 0x9f),
  "zero-width space and direction marks (U+200B, U+200E, U+200F)": [0x200b, 0x200e, 0x200f],
  "bidirectional embeddings and overrides (U+202A-U+202E)": range(0x202a, 0x202e),
  "word joiner and invisible operators (U+2060-U+2064)": range(0x2060, 0x2064),
  "bidirectional isolates (U+2066-U+2069)": range(0x2066, 0x2069),
  "byte-order mark / zero-width no-break space (U+FEFF)": [0xfeff],
  "Arabic letter mark (U+061C)": [0x61c],
  "Mongolian vowel separator (U+180E)": [0x180e],
  "other format characters: soft hyphen, Arabic number signs, annotations, tags": [0xad, 0x600, 0x6dd, 0xfff9, 0xfffb, 0x1d173, 0xe0001, 0xe0041, 0xe007f],
};

/** Plain visible text around the character under test (letters, digits, spaces, a few name characters). */
const visible = fc.string({ unit: fc.constantFrom(..."abcXYZ019 .-Жжк東"), maxLength: 12 });

describe("hiddenTextProblem: invisible characters", () => {
  for (const [name, codes] of Object.entries(CLASSES)) {
    it(`refuses ${name} anywhere in the text, naming the character`, () => {
      fc.assert(
        fc.property(fc.constantFrom(...codes), visible, visible, (code, before, after) => {
          const text = `${before}${String.fromCodePoint(code)}${after}`;
          expect(hiddenTextProblem(text)).toBe(invisible(code));
        }),
      );
    });
  }

  it("shows why: the override that turns 'invoice txt.exe' into 'invoice exe.txt' is refused", () => {
    expect(hiddenTextProblem("invoice \u202Etxt.exe")).toBe("invisibleCharacters?char=U%2B202E");
    expect(decodeProblem(hiddenTextProblem("invoice \u202Etxt.exe")!).values).toEqual({ char: "U+202E" });
  });

  it("names the first invisible character when there are several", () => {
    expect(invisibleCharacter("a\u200Bb\u202Ec")).toBe("\u200B");
  });

  it("finds every format character (\\p{Cf}) and C1 control in any text: the list has no gap", () => {
    const isJoiner = (c: string) => c === "\u200C" || c === "\u200D";
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 30 }), (text) => {
        const hidden = [...text].filter((c) => /[\u0080-\u009f\p{Cf}]/u.test(c) && !isJoiner(c));
        if (hidden.length > 0) expect(hiddenTextProblem(text)).toBe(invisible(hidden[0]!.codePointAt(0)!));
      }),
      { numRuns: 2000 },
    );
  });

  it("accepts text of visible characters and ordinary line breaks, in any script", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 30 }), (text) => {
        fc.pre(!/[\u0080-\u009f\p{Cf}]/u.test(text));
        expect(hiddenTextProblem(text)).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
    for (const text of ["Müller-Lüdenscheid", "東京テレコム", "שלום עולם", "مرحبا", "line 1\nline 2\tend", "Tiếng Việt", "ไทย"]) {
      expect(hiddenTextProblem(text), text).toBeUndefined();
    }
  });
});

describe("hiddenTextProblem: zero-width joiner and non-joiner (U+200D, U+200C)", () => {
  it.each([
    ["a Persian word with a non-joiner (می‌خواهم)", "می\u200Cخواهم"],
    ["an Urdu word with a non-joiner", "ہے\u200Cکہ"],
    ["Hindi with a joiner after the virama (क्‍ष)", "क्\u200Dष"],
    ["Malayalam with a joiner (chillu)", "ന്\u200Dറ"],
    ["Sinhala with a joiner (yansaya)", "ශ්\u200Dය"],
    ["an emoji sequence (👩‍💻)", "👩\u200D💻"],
    ["an emoji sequence with a skin tone (👨🏽‍🚀)", "👨🏽\u200D🚀"],
    ["an emoji sequence with a variation selector (❤️‍🔥)", "❤\uFE0F\u200D🔥"],
  ])("accepts %s", (_, text) => {
    expect(hiddenTextProblem(text)).toBeUndefined();
  });

  it.each([
    ["inside a Latin word (a second 'Acme')", "Ac\u200Dme", 0x200d],
    ["inside a Cyrillic word", "Аб\u200Cв", 0x200c],
    ["at the start", "\u200Cمی", 0x200c],
    ["at the end", "می\u200C", 0x200c],
    ["doubled", "می\u200C\u200Cخواهم", 0x200c],
    ["between a letter and an emoji", "a\u200D💻", 0x200d],
    ["before a space", "می\u200C خواهم", 0x200c],
  ])("refuses a joiner %s", (_, text, code) => {
    expect(hiddenTextProblem(text)).toBe(invisible(code));
  });

  it("refuses a joiner between any two Latin or Cyrillic letters", () => {
    const letter = fc.constantFrom(..."abcxyzABCXYZабвгдЖЗИ");
    fc.assert(
      fc.property(letter, fc.constantFrom("\u200C", "\u200D"), letter, (a, joiner, b) => {
        expect(hiddenTextProblem(`${a}${joiner}${b}`)).toBe(invisible(joiner.codePointAt(0)!));
      }),
    );
  });
});

describe("hiddenTextProblem: stacked combining marks", () => {
  const marks = fc.array(fc.integer({ min: 0x300, max: 0x36f }).map((c) => String.fromCodePoint(c)), { minLength: 1, maxLength: 10 });
  const tooMany = problem("tooManyMarks", { max: MAX_MARKS });

  it(`accepts up to ${MAX_MARKS} marks on one character and refuses more ("Zalgo")`, () => {
    fc.assert(
      fc.property(fc.constantFrom(..."xqzwj"), marks, (base, stack) => {
        // x, q, z, w, j compose with few accents: the count is of marks that stay marks after NFC.
        const left = [...`${base}${stack.join("")}`.normalize("NFC")].filter((c) => /\p{M}/u.test(c)).length;
        expect(hiddenTextProblem(`Text ${base}${stack.join("")} end`)).toBe(left > MAX_MARKS ? tooMany : undefined);
      }),
    );
    expect(hiddenTextProblem("Z\u0351\u0360\u0346\u033Ealgo")).toBe(tooMany);
  });

  it("counts after composing: Vietnamese typed as a letter and two accents is one character", () => {
    expect(hiddenTextProblem("Vie\u0323\u0302t")).toBeUndefined(); // "Việt" decomposed
    // "a" + diaeresis composes to "ä"; three more marks stay marks: accepted, a fourth is not.
    expect(hiddenTextProblem("a\u0308\u0351\u0360\u0346")).toBeUndefined();
    expect(hiddenTextProblem("a\u0308\u0351\u0360\u0346\u033E")).toBe(tooMany);
  });

  it("accepts the marks real scripts stack: Hebrew points, Devanagari, Thai tones, a keycap", () => {
    for (const text of ["שָׁלוֹם", "בְּרֵאשִׁית", "क्षत्रिय", "น้ำ", "#\uFE0F\u20E3"]) {
      expect(hiddenTextProblem(text), text).toBeUndefined();
    }
  });
});

describe("every text field refuses hidden text with its own message", () => {
  const override = "invoice \u202Etxt.exe";
  const zalgo = "Acme Z\u0351\u0360\u0346\u033Ealgo";
  const firstProblem = (schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }, input: unknown, field: string) =>
    schema.safeParse(input).error?.issues.find((i) => i.path[0] === field)?.message;

  const customerInput = {
    name: "Acme",
    tariffId: "1",
    timeZone: "UTC",
    webLogin: "acme-1",
    language: "en",
    creditLimit: "0",
    rights: [],
    maxDepth: "0",
    company: "",
    contactName: "",
    email: "",
    phone: "",
    address: "",
    description: "",
    password: "Secret-pass-1",
    initialBalance: "0",
  };
  const customer = createCustomerSchema({ tariffs: new Map([[1, "USD"]]) });
  const maintenance = { action: "credit", amount: "1", currency: "USD", notes: "", idempotencyKey: "7d444840-9dc0-11d1-b245-5ffdce74fad2" };

  it.each(["name", "company", "contactName", "address", "description"])("customer %s", (field) => {
    expect(customer.safeParse(customerInput).success).toBe(true);
    expect(firstProblem(customer, { ...customerInput, [field]: override }, field)).toBe(invisible(0x202e));
    expect(firstProblem(customer, { ...customerInput, [field]: zalgo }, field)).toBe(problem("tooManyMarks", { max: MAX_MARKS }));
  });

  it("customer web login: an invisible character is named, not just the login format", () => {
    expect(firstProblem(customer, { ...customerInput, webLogin: "acme\u200B" }, "webLogin")).toBe(invisible(0x200b));
    expect(firstProblem(customer, { ...customerInput, webLogin: "acme ltd" }, "webLogin")).toBe("loginFormat");
  });

  it("sign-in login", () => {
    expect(firstProblem(loginSchema, { login: "acme\u2066", password: "x" }, "login")).toBe("invisibleCharacters");
    expect(loginSchema.safeParse({ login: "acme", password: "x" }).success).toBe(true);
  });

  it("maintenance notes", () => {
    expect(maintenanceSchema().safeParse(maintenance).success).toBe(true);
    expect(firstProblem(maintenanceSchema(), { ...maintenance, notes: override }, "notes")).toBe(invisible(0x202e));
  });

  it.each(["name", "description"])("tariff %s", (field) => {
    const tariff = { name: "Retail", currency: "USD", description: "" };
    expect(firstProblem(tariffSchema, { ...tariff, [field]: override }, field)).toBe(invisible(0x202e));
  });

  it("names and free text keep their other rules, and accept a Persian name with its non-joiner", () => {
    expect(nameText().safeParse("شرکت می\u200Cخواهم").success).toBe(true);
    expect(nameText().safeParse("Acme\u0000Ltd").error?.issues[0]?.message).toBe("unsafeText");
    expect(freeText().safeParse("ring\u0007").error?.issues[0]?.message).toBe("unsafeText");
    expect(freeText().safeParse("👩\u200D💻 on call").success).toBe(true);
  });
});

describe("showHidden: text recorded as it came", () => {
  it("writes every invisible character out, so the reader sees what was sent", () => {
    expect(showHidden("invoice \u202Etxt.exe")).toBe("invoice <U+202E>txt.exe");
    expect(showHidden("a\u200Bb\u0085c\uFEFF")).toBe("a<U+200B>b<U+0085>c<U+FEFF>");
    expect(showHidden("Acme Ltd")).toBe("Acme Ltd");
  });

  it("leaves nothing invisible behind, whatever the text", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme" }), (text) => invisibleCharacter(showHidden(text)) === undefined));
  });
});
