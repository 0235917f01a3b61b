// Sippy's audit resource for an account (the ledger writes the same id name
// in "debit:i_account=N:amount=..."; lib/ledger/book.ts).
export const accountResource = (id: number) => `accounts:i_account=${id}`;
