"use client";

// The same error boundary as the customer pages: raw error text never reaches the account.
export { default } from "../(app)/error";
