// Who may read and change what: the one table every page, server action and
// API method is judged by. A rule names the viewer's relations to the target
// that allow the action, and the right (Sippy's names) the viewer must also
// hold. Anything else is answered exactly like a record that does not exist.
//
// docs/domain.md ("Access rules") shows this table; a unit test checks that
// the page and this file agree, and the authorization matrix tests derive
// what they expect from it, so a new resource cannot be added without a row
// here, a row there and a probe in the matrix.
import type { RightName } from "@/lib/customers/rights";

/** The viewer's relation to each kind of target. */
export const RELATIONS = {
  /** A customer: the viewer itself, a direct sub-customer, one deeper below, or anyone else (ancestors, siblings). */
  customer: ["self", "child", "descendant", "outside"],
  /** A tariff: the viewer's own, the one its parent assigned to it, or any other. */
  tariff: ["owner", "assignee", "outside"],
  /** An exchange rate: the viewer's own, or anyone else's. */
  exchangeRate: ["owner", "outside"],
  /** An audit record, by its actor: the viewer, below it, or anyone else (also: nobody, for failed logins). */
  audit: ["self", "child", "descendant", "outside"],
  /** An account, by its owning customer: the viewer's own, a customer's below the viewer, or anyone else's. */
  account: ["owner", "ancestor", "outside"],
  /** The machine API: the viewer's own use of it. */
  api: ["self"],
  /** A call (its record, or the call in progress), by its account's owner: the viewer, a customer below it, or anyone else. */
  call: ["owner", "ancestor", "outside"],
  /** A key to the JSON API: the viewer's own, or anyone else's. */
  apiKey: ["owner", "outside"],
  /** A voucher batch and its vouchers: the viewer's own (it created them), or anyone else's. */
  voucher: ["owner", "outside"],
  /**
   * The system settings (vendors, connections, destination sets, routing
   * groups): Root's. A customer directly under Root is their "delegate" when
   * Root grants it system_mgmt; everyone else is "outside" and never learns
   * that they exist.
   */
  system: ["delegate", "outside"],
} as const;

export type Resource = keyof typeof RELATIONS;
export type Relation<R extends Resource> = (typeof RELATIONS)[R][number];

export interface Rule<R extends Resource> {
  /** The relations that allow the action. */
  allow: readonly Relation<R>[];
  /** The right the viewer must hold as well (Root holds every right). */
  right?: RightName;
  /** Root is allowed whatever its relation (system-wide records). */
  root?: true;
  /** What the action is, in the words of docs/domain.md. */
  says: string;
}

export const ACCESS_RULES = {
  customer: {
    view: { allow: ["child", "descendant"], says: "open its page (data, transactions, sub-customers)" },
    listChildren: { allow: ["self", "child", "descendant"], says: "list its sub-customers" },
    transactions: { allow: ["self", "child", "descendant"], says: "list its transactions" },
    create: { allow: ["self"], right: "customers_add", says: "add a sub-customer under it" },
    edit: { allow: ["child"], right: "customers_edit", says: "edit it" },
    block: { allow: ["child"], right: "customers_edit", says: "block or unblock it" },
    funds: { allow: ["child"], right: "customers_edit", says: "Debit, Credit, Add Funds" },
    delete: { allow: ["child"], right: "customers_delete", says: "delete it" },
    impersonate: { allow: ["child", "descendant"], right: "customers_edit", says: "log in as it (its pages, with its rights and no more)" },
  },
  tariff: {
    list: { allow: ["owner"], says: "list it on the Tariffs page and in pickers" },
    read: { allow: ["owner", "assignee"], says: "read it, its rates, export them" },
    create: { allow: ["owner"], right: "tariffs_add", says: "add a tariff" },
    edit: { allow: ["owner"], right: "tariffs_edit", says: "edit it, change its rates, import rates" },
    delete: { allow: ["owner"], right: "tariffs_delete", says: "delete it" },
    assign: { allow: ["owner"], says: "assign it to a sub-customer (with that customer's add or edit right)" },
  },
  exchangeRate: {
    read: { allow: ["owner"], says: "read it and its history" },
    edit: { allow: ["owner"], says: "set or delete it" },
  },
  audit: {
    read: { allow: ["self", "child", "descendant"], right: "system_mgmt", root: true, says: "read the record" },
  },
  account: {
    view: { allow: ["owner", "ancestor"], says: "list it, open its page and transactions, export it" },
    create: { allow: ["owner"], right: "accounts_add", says: "add an account (one, or prepaid cards in bulk)" },
    edit: { allow: ["owner"], right: "accounts_edit", says: "edit it" },
    block: { allow: ["owner"], right: "accounts_edit", says: "block or unblock it" },
    funds: { allow: ["owner"], right: "accounts_edit", says: "Debit, Credit, Add Funds" },
    delete: { allow: ["owner"], right: "accounts_delete", says: "delete it" },
  },
  api: {
    call: { allow: ["self"], right: "api_access", says: "call the XML-RPC API with its API password" },
  },
  call: {
    view: { allow: ["owner", "ancestor"], says: "list it (Calls, Active calls, CSV export, API), with the viewer's own revenue, cost and margin" },
    charge: { allow: ["owner", "ancestor"], right: "system_mgmt", says: "authorize it, charge its record (JSON API, CSV import), charge an unrated record again" },
  },
  apiKey: {
    list: { allow: ["owner"], right: "system_mgmt", says: "list it (name, prefix, created, last used, revoked)" },
    create: { allow: ["owner"], right: "system_mgmt", says: "create a key (its secret shown once)" },
    revoke: { allow: ["owner"], right: "system_mgmt", says: "revoke it" },
    use: { allow: ["owner"], right: "system_mgmt", says: "call the JSON API with it (the key acts with its owner's scope and rights)" },
  },
  voucher: {
    view: { allow: ["owner"], says: "list its batches and vouchers, export a batch's state (never a PIN)" },
    create: { allow: ["owner"], right: "vouchers_add", says: "create a batch (its PINs shown once)" },
    edit: { allow: ["owner"], right: "vouchers_edit", says: "disable a voucher or a batch, extend a batch's expiry" },
    delete: { allow: ["owner"], right: "vouchers_delete", says: "delete (archive) a batch none of whose vouchers was redeemed" },
    redeem: { allow: ["owner"], says: "top up one of its own accounts with it (account page, XML-RPC rechargeVoucher)" },
  },
  system: {
    view: { allow: ["delegate"], right: "system_mgmt", root: true, says: "see vendors, connections, destination sets, routing groups (pages, links, exports, API) and test a route" },
    manage: { allow: ["delegate"], right: "system_mgmt", root: true, says: "add, edit and delete them, import destination set routes, pay a vendor" },
    assign: { allow: [], root: true, says: "assign a routing group to a customer directly under Root (its edit dialog)" },
  },
} as const satisfies { [R in Resource]: Record<string, Rule<R>> };

export type Action<R extends Resource> = keyof (typeof ACCESS_RULES)[R] & string;

export function ruleOf<R extends Resource>(resource: R, action: Action<R>): Rule<R> {
  return (ACCESS_RULES[resource] as unknown as Record<string, Rule<R>>)[action]!;
}
