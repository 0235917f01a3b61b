import { describe, expect, it } from "vitest";
import { readCsv } from "@/lib/csv/parse-csv";
import { cardsCsv, cardsCsvFileName } from "./bulk-csv";

describe("the cards' CSV", () => {
  it("has a header and one line per card, which the CSV reader reads back as given", () => {
    const cards = [
      { username: "card00012345", voipPassword: "AbCdEfGh12345678", webPassword: "ZyXwVuTs87654321" },
      { username: "card.x-9_1", voipPassword: "p,q", webPassword: 'say "hi"' },
    ];
    const text = cardsCsv(cards);
    expect(text.split("\n")).toEqual(["username,voip_password,web_password", "card00012345,AbCdEfGh12345678,ZyXwVuTs87654321", 'card.x-9_1,"p,q","say ""hi"""', ""]);
    expect([...readCsv(text)].map((r) => r.fields)).toEqual([
      ["username", "voip_password", "web_password"],
      ["card00012345", "AbCdEfGh12345678", "ZyXwVuTs87654321"],
      ["card.x-9_1", "p,q", 'say "hi"'],
    ]);
    expect(cardsCsv([])).toBe("username,voip_password,web_password\n");
  });

  it("names the file after the batch", () => {
    expect(cardsCsvFileName("spring-2026.a")).toBe("cards-spring-2026.a.csv");
  });
});
