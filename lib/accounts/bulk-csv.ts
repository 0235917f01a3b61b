// The prepaid cards of a bulk run as the CSV file the person downloads, once,
// in the browser (the server never keeps or re-sends them). One card a line,
// with a header, in the format the rate export uses (lib/csv).
import { csvLine } from "@/lib/csv/parse-csv";
import type { CardCredentials } from "./bulk";

export const CARD_CSV_HEADER = ["username", "voip_password", "web_password"] as const;

export function cardsCsv(cards: readonly CardCredentials[]): string {
  const lines = [csvLine(CARD_CSV_HEADER), ...cards.map((c) => csvLine([c.username, c.voipPassword, c.webPassword]))];
  return `${lines.join("\n")}\n`;
}

/** The batch tag is letters, digits and . _ - (BATCH_TAG): safe in a file name as it is. */
export function cardsCsvFileName(batchTag: string): string {
  return `cards-${batchTag}.csv`;
}
