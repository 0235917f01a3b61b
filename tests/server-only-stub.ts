// Stands in for the `server-only` marker package when vitest runs lib code in Node.
export {};
