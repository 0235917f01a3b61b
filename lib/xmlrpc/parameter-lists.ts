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

// createAccount / updateAccount: Sippy's "Account creation and parameters"
// page. i_tariff is the name Sippy documents (deprecated there in favour of
// service plans, which Switchboard does not have); time_zone and
// expiration_date are extensions.
const ACCOUNT_READ = [
  "username",
  "web_password",
  "authname",
  "voip_password",
  "i_tariff",
  "credit_limit",
  "max_sessions",
  "max_credit_time",
  "lifetime",
  "expiration_date",
  "i_time_zone",
  "time_zone",
  "i_lang",
  "blocked",
  "description",
  "i_customer",
  // Read to explain that an account is priced by i_tariff here.
  "i_billing_plan",
] as const;
const ACCOUNT_IGNORED = [
  "translation_rule",
  "cli_translation_rule",
  "i_routing_group",
  "i_account_class",
  "cpe_number",
  "vm_enabled",
  "vm_password",
  "vm_timeout",
  "vm_check_number",
  "payment_currency",
  "payment_method",
  "i_export_type",
  "i_commission_agent",
  "commission_size",
  "preferred_codec",
  "use_preferred_codec_only",
  "reg_allowed",
  "welcome_call_ivr",
  "on_payment_action",
  "min_payment_amount",
  "trust_cli",
  "disallow_loops",
  "vm_notify_emails",
  "vm_forward_emails",
  "vm_del_after_fwd",
  "company_name",
  "salutation",
  "first_name",
  "last_name",
  "mid_init",
  "street_addr",
  "state",
  "postal_code",
  "city",
  "country",
  "contact",
  "phone",
  "fax",
  "alt_phone",
  "alt_contact",
  "email",
  "cc",
  "bcc",
  "i_password_policy",
  "i_media_relay_type",
  "lan_access",
  "batch_tag",
  "i_provisioning",
  "invoicing_enabled",
  "i_invoice_template",
  "i_caller_name_type",
  "caller_name",
  "followme_enabled",
  "vm_dialin_access",
  "hide_own_cli",
  "block_incoming_anonymous",
  "i_incoming_anonymous_action",
  "dnd_enabled",
  "pass_p_asserted_id",
  "p_assrt_id_translation_rule",
  "dncl_lookup",
  "generate_ringbacktone",
  "max_calls_per_second",
  "allow_free_onnet_calls",
  "start_page",
  "trust_privacy_hdrs",
  "privacy_schemas",
  "call_recording",
  "vpn_enabled",
  "vpn_password",
] as const;

// The CDR methods' shared filters and paging.
const CDR_READ = ["offset", "limit", "start_date", "end_date", "cli", "cld", "type"] as const;

// Vendors (system settings): Sippy's createVendor page; contact is the
// contact person, street_addr the address; description is an extension.
// balance is read to refuse a non-zero one (it moves only with ledger rows).
const VENDOR_READ = ["name", "base_currency", "contact", "email", "phone", "street_addr", "description", "balance"] as const;
const VENDOR_IGNORED = [
  "i_customer",
  "web_login",
  "web_password",
  "i_time_zone",
  "company_name",
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
  "i_lang",
  "i_export_type",
  "i_password_policy",
  "round_up",
  "cost_round_up",
  "decimal_precision",
] as const;
// A vendor's connection: destination is "host" or "host:port" (Sippy's);
// capacity -1 is no limit.
const CONNECTION_READ = ["name", "destination", "port", "protocol", "capacity", "blocked"] as const;
const CONNECTION_IGNORED = ["username", "password", "cld_translation_rule", "cli_translation_rule", "enforce_capacity", "i_media_relay_type"] as const;
// Destination sets: Sippy's "Destination Sets management" page (107473).
// Sippy's set-wide connect_fee, post_call_surcharge, free_seconds and
// grace_period are read to refuse anything but 0 (Switchboard keeps them per
// route); its remote management, local calling and translation rules are
// accepted and ignored.
const DESTINATION_SET_READ = ["name", "currency", "description", "connect_fee", "post_call_surcharge", "free_seconds", "grace_period"] as const;
const DESTINATION_SET_IGNORED = [
  "remote_management_type",
  "remote_management_key",
  "local_calling",
  "local_calling_cli_validation_rule",
  "notify_on_import_error",
  "cld_translation_rule",
  "cli_translation_rule",
] as const;
// A route: Sippy's addRouteToDestinationSet, plus the per-route connect_fee,
// free_seconds and grace_period a tariff rate has (extensions); Sippy's
// hunting and timeout settings belong to the switch and are ignored.
const ROUTE_READ = ["i_destination_set", "prefix", "preference", "price_1", "price_n", "interval_1", "interval_n", "forbidden", "connect_fee", "free_seconds", "grace_period"] as const;
const ROUTE_IGNORED = ["huntstop", "timeout", "timeout_1xx", "i_route"] as const;

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

  // balance: createAccount reads it with Sippy's reversed sign; updateAccount reads it to refuse it.
  createAccount: { read: [...ACCOUNT_READ, "balance"], ignored: ACCOUNT_IGNORED },
  updateAccount: { read: ["i_account", ...ACCOUNT_READ, "balance"], ignored: ACCOUNT_IGNORED },
  getAccountInfo: { read: ["i_account", "username", "i_customer"], ignored: [] },
  listAccounts: { read: ["offset", "limit", "i_customer"], ignored: [] },
  deleteAccount: { read: ["i_account", "i_customer"], ignored: [] },
  blockAccount: { read: ["i_account", "i_customer"], ignored: [] },
  unblockAccount: { read: ["i_account", "i_customer"], ignored: [] },
  accountAddFunds: { read: ["i_account", "i_customer", ...FUNDS_READ], ignored: [] },
  accountCredit: { read: ["i_account", "i_customer", ...FUNDS_READ], ignored: [] },
  accountDebit: { read: ["i_account", "i_customer", ...FUNDS_READ], ignored: [] },

  // Sippy's "Get CDRs of an account" (107367) and "Get CDRs of a customer"
  // (107429); i_customer and i_wholesaler are their trusted-mode parameters.
  getAccountCDRs: { read: ["i_account", "i_customer", ...CDR_READ, "i_cdr"], ignored: [] },
  getCustomerCDRs: { read: ["i_customer", "i_wholesaler", ...CDR_READ, "i_cdrs_customer"], ignored: [] },

  // Sippy's "Top-up Account using Recharge Voucher" (107438). i_voucher is
  // its trusted-mode parameter: read to refuse it (Switchboard has no trusted mode).
  rechargeVoucher: { read: ["i_account", "username", "voucher_id", "secret_pin", "i_voucher"], ignored: [] },
  // System settings (vendors, their connections, routing groups): Sippy's
  // "XML-RPC API - Vendors management" (107434) and the routing group and
  // connection methods as public clients of Sippy's API call them. Vendors
  // have no login in Switchboard; i_customer is Sippy's trusted-mode
  // parameter. protocol and port are extensions.
  createVendor: { read: VENDOR_READ, ignored: VENDOR_IGNORED },
  addVendor: { read: VENDOR_READ, ignored: VENDOR_IGNORED },
  updateVendor: { read: ["i_vendor", ...VENDOR_READ], ignored: VENDOR_IGNORED },
  deleteVendor: { read: ["i_vendor"], ignored: ["i_customer"] },
  getVendorInfo: { read: ["i_vendor"], ignored: ["i_customer"] },
  listVendors: { read: ["offset", "limit", "name_pattern"], ignored: ["i_customer"] },
  createVendorConnection: { read: ["i_vendor", ...CONNECTION_READ], ignored: CONNECTION_IGNORED },
  addVendorConnection: { read: ["i_vendor", ...CONNECTION_READ], ignored: CONNECTION_IGNORED },
  updateVendorConnection: { read: ["i_connection", ...CONNECTION_READ], ignored: ["i_vendor", ...CONNECTION_IGNORED] },
  deleteVendorConnection: { read: ["i_connection"], ignored: ["i_vendor"] },
  getVendorConnectionInfo: { read: ["i_connection"], ignored: ["i_vendor"] },
  listVendorConnections: { read: ["i_vendor"], ignored: [] },
  addRoutingGroup: { read: ["name", "policy", "description"], ignored: [] },
  updateRoutingGroup: { read: ["i_routing_group", "name", "policy", "description"], ignored: [] },
  delRoutingGroup: { read: ["i_routing_group"], ignored: [] },
  getRoutingGroupInfo: { read: ["i_routing_group"], ignored: [] },
  listRoutingGroups: { read: ["name_pattern", "i_routing_group"], ignored: [] },
  addRoutingGroupMember: { read: ["i_routing_group", "i_connection", "i_destination_set"], ignored: ["preference", "i_connection_group"] },
  delRoutingGroupMember: { read: ["i_routing_group", "i_routing_group_member"], ignored: [] },
  listRoutingGroupMembers: { read: ["i_routing_group"], ignored: [] },

  // Destination sets (the system settings: anyone without the system right gets fault 404).
  addDestinationSet: { read: DESTINATION_SET_READ, ignored: DESTINATION_SET_IGNORED },
  updateDestinationSet: { read: ["i_destination_set", ...DESTINATION_SET_READ], ignored: DESTINATION_SET_IGNORED },
  deleteDestinationSet: { read: ["i_destination_set"], ignored: [] },
  listDestinationSets: { read: ["name_pattern", "i_destination_set"], ignored: [] },
  // offset and limit: Switchboard's paging (extension).
  getDestinationSetRoutesList: { read: ["i_destination_set", "offset", "limit"], ignored: [] },
  addRouteToDestinationSet: { read: ROUTE_READ, ignored: ROUTE_IGNORED },
  updateRouteInDestinationSet: { read: ROUTE_READ, ignored: ROUTE_IGNORED },
  delRouteFromDestinationSet: { read: ["i_destination_set", "prefix"], ignored: [] },
  deleteAllRoutesInDestinationSet: { read: ["i_destination_set"], ignored: [] },
} as const satisfies Record<string, ParameterList>;

export type MethodName = keyof typeof PARAMETERS;
