// Customers as they cross to the browser: amounts as scaled-integer strings,
// rights as names, dates as ISO strings.
import { fromMask } from "./rights";
import type { CustomerDetail, CustomerRow } from "./customers";

export function toCustomerForEdit(c: CustomerDetail) {
  return {
    id: c.id,
    name: c.name,
    tariffId: c.tariffId,
    timeZone: c.timeZone,
    webLogin: c.webLogin,
    language: c.language,
    balance: String(c.balance),
    creditLimit: String(c.creditLimit),
    currency: c.baseCurrency,
    rights: fromMask(c.rights),
    maxDepth: c.maxDepth,
    company: c.company,
    contactName: c.contactName,
    email: c.email,
    phone: c.phone,
    address: c.address,
    description: c.description,
  };
}

export function toCustomerTableRow(c: CustomerRow) {
  return {
    id: c.id,
    name: c.name,
    webLogin: c.webLogin,
    tariffName: c.tariffName,
    currency: c.currency,
    balance: String(c.balance),
    creditLimit: String(c.creditLimit),
    subCustomers: c.subCustomers,
    accounts: c.accounts,
    blocked: c.blocked,
    createdAt: c.createdAt.toISOString(),
  };
}
export type CustomerTableRow = ReturnType<typeof toCustomerTableRow>;
