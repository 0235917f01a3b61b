// Ledger vocabulary shared by forms, the browser and the server.
export const TRANSACTION_TYPES = ["opening", "debit", "credit", "add_funds", "calls"] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];
export const MAINTENANCE_ACTIONS = ["debit", "credit", "add_funds"] as const;
export type MaintenanceAction = (typeof MAINTENANCE_ACTIONS)[number];
