// How many integration test files run at once, each on a database of its own
// (tests/integration-setup.ts). Two by default: the machine the suite must
// fit has two cores, and a file spends much of its time waiting on PostgreSQL.
export const INTEGRATION_WORKERS = Math.max(1, Number(process.env.SWITCHBOARD_TEST_WORKERS ?? 2) || 2);
