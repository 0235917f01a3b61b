// The parameters each method takes, by Sippy's names. Scripts written for
// Sippy send the whole struct Sippy documents, most of which Switchboard
// does not model (voicemail, codecs, routing, payment preferences...):
// `read` are the names a method uses, `ignored` the names Sippy documents
// for it that Switchboard accepts and drops. Any other name is refused
// (parameters.ts), so a typo never passes silently. docs/xmlrpc.md lists the
// ignored names; a unit test keeps that page and this file in step.
//
// Sources (Sippy's documentation and public clients of its API): see
// docs/xmlrpc.md, "Parameters Sippy documents and Switchboard ignores".

export interface ParameterList {
  /** The names the method reads (Sippy's, plus Switchboard's documented extensions). */
  readonly read: readonly string[];
  /** Names Sippy documents for the method that Switchboard does not model: accepted, ignored. */
  readonly ignored: readonly string[];
}

// createCustomer / updateCustomer: Sippy's "Creating New Customer" page, plus
// the names Sippy's own API test fixtures send to a switch (the page's tail).
const CUSTOMER_READ = [
  "name",
  "web_login",
  "web_password",
  "i_tariff",
  "credit_limit",
  "accounts_mgmt",
  "customers_mgmt",
  "tariffs_mgmt",
  "vouchers_mgmt",
  "system_mgmt",
  "api_access",
  "api_password",
  "max_depth",
  "i_time_zone",
  "time_zone", // extension: the IANA name itself
  "i_lang",
  "company_name",
  "contact",
  "email",
  "phone",
  "street_addr",
  "description",
  "i_wholesaler",
] as const;
const CUSTOMER_IGNORED = [
  "i_routing_group",
  "accounts_matching_rule",
  "salutation",
  "first_name",
  "mid_init",
  "last_name",
  "state",
  "postal_code",
  "city",
  "country",
  "fax",
  "alt_phone",
  "alt_contact",
  "cc",
  "bcc",
  "mail_from",
  "payment_currency",
  "payment_method",
  "min_payment_amount",
  "api_mgmt",
  "use_own_tariff",
  "callshop_enabled",
  "overcommit_protection",
  "overcommit_limit",
  "did_pool_enabled",
  "ivr_apps_enabled",
  "asr_acd_enabled",
  "debit_credit_cards_enabled",
  "conferencing_enabled",
  "share_payment_processors",
  "dncl_enabled",
  "i_export_type",
  "start_page",
  "css",
  "dns_alias",
  "i_password_policy",
] as const;

/** customerAddFunds/Credit/Debit (and the account ones): Sippy's "Refunding" pages. */
const FUNDS_READ = ["amount", "currency", "payment_notes", "payment_time", "idempotency_key"] as const;

// createTariff / updateTariff: Sippy's "Tariffs Management" page (Sippy 2020).
// connect_fee, free_seconds and grace_period are Sippy's tariff-wide values;
// Switchboard keeps them per rate, so the tariff methods read them to refuse
// anything but 0 (a price that would silently not apply).
const TARIFF_READ = ["name", "currency", "description", "i_tariff_type", "connect_fee", "free_seconds", "grace_period", "i_customer"] as const;
const TARIFF_IGNORED = [
  "post_call_surcharge",
  "loss_protection",
  "max_loss",
  "cost_round_up",
  "decimal_precision",
  "average_duration",
  "local_calling",
  "local_calling_cli_validation_rule",
] as const;

// A rate, by the names getTariffRatesList returns (Sippy's "Tariff's Rates
// Management" page), so a rate read from Sippy can be sent back as it is.
const RATE_READ = ["prefix", "price_1", "price_n", "interval_1", "interval_n", "forbidden", "connect_fee", "free_seconds", "grace_period"] as const;
const RATE_IGNORED = [
  "grace_period_enable",
  "activation_date",
  "expiration_date",
  "local_price_1",
  "local_price_n",
  "local_interval_1",
  "local_interval_n",
  "area_name",
] as const;

export const PARAMETERS = {
  createCustomer: { read: [...CUSTOMER_READ, "balance"], ignored: CUSTOMER_IGNORED },
  // balance is read to refuse it: money moves only through the funds methods.
  updateCustomer: { read: ["i_customer", ...CUSTOMER_READ, "balance"], ignored: CUSTOMER_IGNORED },
  getCustomerInfo: { read: ["i_customer", "i_wholesaler"], ignored: [] },
  listCustomers: { read: ["offset", "limit", "i_wholesaler"], ignored: [] },
  deleteCustomer: { read: ["i_customer", "i_wholesaler"], ignored: [] },
  blockCustomer: { read: ["i_customer", "i_wholesaler"], ignored: [] },
  unblockCustomer: { read: ["i_customer", "i_wholesaler"], ignored: [] },
  customerAddFunds: { read: ["i_customer", "i_wholesaler", ...FUNDS_READ], ignored: [] },
  customerCredit: { read: ["i_customer", "i_wholesaler", ...FUNDS_READ], ignored: [] },
  customerDebit: { read: ["i_customer", "i_wholesaler", ...FUNDS_READ], ignored: [] },
  // resource and action are Switchboard's filters (extension).
  getAuditLogs: { read: ["start_date", "end_date", "limit", "offset", "resource", "action"], ignored: [] },
  getDictionary: { read: ["name"], ignored: [] },

  createTariff: { read: TARIFF_READ, ignored: TARIFF_IGNORED },
  updateTariff: { read: ["i_tariff", ...TARIFF_READ], ignored: TARIFF_IGNORED },
  deleteTariff: { read: ["i_tariff", "i_customer"], ignored: [] },
  getTariffInfo: { read: ["i_tariff", "i_customer"], ignored: [] },
  getTariffRatesList: { read: ["i_tariff", "offset", "limit", "i_customer"], ignored: [] },
  addTariffRate: { read: ["i_tariff", "i_customer", ...RATE_READ], ignored: ["i_rate", ...RATE_IGNORED] },
  updateTariffRate: { read: ["i_tariff", "i_rate", "i_customer", ...RATE_READ], ignored: RATE_IGNORED },
  deleteTariffRate: { read: ["i_tariff", "i_rate", "i_customer"], ignored: [] },
  deleteAllRatesInTariff: { read: ["i_tariff", "i_customer"], ignored: [] },
} as const satisfies Record<string, ParameterList>;

export type MethodName = keyof typeof PARAMETERS;
