// XML-RPC faults: a stable code and a clear English message. Domain refusals
// map by their problem code; the message is the same catalogue text the web
// form shows. Raw exception text never leaves the server.
import { DomainError } from "@/lib/errors/domain-error";
import { InputError } from "@/lib/forms/parse-input";
import { decodeProblem } from "@/lib/errors/problem";
import { problemText } from "@/lib/errors/problem-text";

export const FAULT = {
  parse: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  badParameter: 400,
  creditLimit: 402,
  notAllowed: 403,
  notFound: 404,
  conflict: 409,
  throttled: 429,
  internal: 500,
} as const;

export class ApiFault extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const BY_PROBLEM: Record<string, number> = {
  notFound: FAULT.notFound,
  noRight: FAULT.notAllowed,
  rightsBeyond: FAULT.notAllowed,
  depthExhausted: FAULT.notAllowed,
  creditLimit: FAULT.creditLimit,
  loginTaken: FAULT.conflict,
  hasSubCustomers: FAULT.conflict,
  keyReused: FAULT.conflict,
  tariffNameTaken: FAULT.conflict,
  prefixTaken: FAULT.conflict,
  tariffAssigned: FAULT.conflict,
  currencyFixed: FAULT.conflict,
  usernameTaken: FAULT.conflict,
  hasAccounts: FAULT.conflict,
  // rechargeVoucher: a right number and PIN whose voucher cannot be used (docs/xmlrpc.md, "Vouchers");
  // a wrong number or PIN (voucherWrong) stays a 400, like any bad parameter.
  voucherUsed: FAULT.conflict,
  voucherDisabled: FAULT.conflict,
  voucherExpired: FAULT.conflict,
  voucherNoRate: FAULT.conflict,
  voucherThrottled: FAULT.throttled,
  // Destination sets (docs/xmlrpc.md, "Destination sets").
  destinationSetNameTaken: FAULT.conflict,
  routePrefixTaken: FAULT.conflict,
  destinationSetCurrencyFixed: FAULT.conflict,
  destinationSetUsed: FAULT.conflict,
};

/** Maps a thrown error to a fault; unknown errors become "internal error" (and are logged by the caller). */
export function toFault(error: unknown): ApiFault | null {
  if (error instanceof ApiFault) return error;
  if (error instanceof InputError) {
    const [field, message] = Object.entries(error.fieldErrors)[0] ?? ["", "invalid"];
    return new ApiFault(FAULT.badParameter, `Bad parameter ${apiFieldName(field)}: ${problemText(message)}${API_HINTS[field] ?? ""}`);
  }
  if (error instanceof DomainError) {
    const code = BY_PROBLEM[decodeProblem(error.problem).code] ?? FAULT.badParameter;
    // One answer for every id the caller may not reach, whichever layer found it (the web's text adds "It may have been deleted").
    if (code === FAULT.notFound) return new ApiFault(code, "Not found.");
    const text = problemText(error.problem);
    return new ApiFault(code, error.field && code === FAULT.badParameter ? `Bad parameter ${apiFieldName(error.field)}: ${text}` : text);
  }
  return null;
}

// Form field names back to the API's (Sippy's) parameter names.
const API_NAMES: Record<string, string> = {
  webLogin: "web_login",
  password: "web_password",
  apiPassword: "api_password",
  tariffId: "i_tariff",
  timeZone: "i_time_zone",
  language: "i_lang",
  creditLimit: "credit_limit",
  initialBalance: "balance",
  maxDepth: "max_depth",
  contactName: "contact",
  company: "company_name",
  address: "street_addr",
  notes: "payment_notes",
  price1: "price_1",
  priceN: "price_n",
  interval1: "interval_1",
  intervalN: "interval_n",
  connectFee: "connect_fee",
  freeSeconds: "free_seconds",
  gracePeriod: "grace_period",
  preference: "preference",
  voipPassword: "voip_password",
  webPassword: "web_password",
  maxSessions: "max_sessions",
  maxCreditTime: "max_credit_time",
  lifetimeDays: "lifetime",
  expiresOn: "expiration_date",
};

// Where the form's words ("empty for unlimited") mean something else on the wire.
const API_HINTS: Record<string, string> = {
  maxSessions: " In the API: -1 for unlimited.",
  maxCreditTime: " In the API: -1 for unlimited.",
  lifetimeDays: " In the API: -1 for none.",
  expiresOn: ' In the API: "" for none.',
};
export const apiFieldName = (field: string) => API_NAMES[field] ?? field;
