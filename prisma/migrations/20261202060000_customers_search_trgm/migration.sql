-- Customers search (bench/README.md, "Results: search (issue 15)"): the
-- customers list's search among one parent's children and the hierarchy
-- view's search over a whole subtree both ask "in X's subtree, and name or
-- web login ILIKE '%q%'" (lib/customers/search-sql.ts). Without an index
-- that reads every customer of the subtree (50,000 children of a reseller;
-- all of them for Root) and filters it row by row.
--
-- One GIN index holds, for each customer, the ids on its path (itself and
-- its ancestors: "/1/7/42/" -> {1,7,42}) and the trigrams of its name and
-- web login. A search is then one scan of it: the subtree's entry and the
-- query's trigrams are intersected inside the index, and only the matching
-- rows of that subtree are read from the table. (A trigram index alone
-- reads every match in the whole table and checks the subtree on each: for
-- "abc" among 1,000,000 customers, 1,969 rows to keep the reseller's 80.)
-- The path ids are an expression over the path (customers never move), so
-- nothing new is written by the app; queries spell the same expression.
--
-- Created like accounts_search_trgm_idx (migration 20261201172500): pg_trgm
-- in its own schema `trgm`, or wherever an administrator installed it
-- before; a server without pg_trgm (no contrib package) or a role without
-- the right still migrates, with a NOTICE, and search then filters the
-- subtree row by row as before. Integer arrays need no extension.
--
-- The build reads the whole table and holds off writes to customers until
-- it ends (about a minute for 1,000,000 customers on the bench machine).
DO $$
DECLARE
  trgm_schema name;
BEGIN
  BEGIN
    CREATE SCHEMA IF NOT EXISTS trgm;
    CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA trgm;
  EXCEPTION WHEN undefined_file OR insufficient_privilege OR feature_not_supported THEN
    RAISE NOTICE 'pg_trgm is not available (%): customer search works without its index', SQLERRM;
  END;
  SELECT n.nspname INTO trgm_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
  IF trgm_schema IS NOT NULL THEN
    EXECUTE format(
      'CREATE INDEX "customers_search_trgm_idx" ON "customers" USING GIN ('
      '(string_to_array(btrim("path", ''/''), ''/'')::int[]), "name" %1$I.gin_trgm_ops, "web_login" %1$I.gin_trgm_ops)',
      trgm_schema);
  END IF;
END
$$;
