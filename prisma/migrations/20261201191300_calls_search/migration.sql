-- Calls pages (lib/calls/list.ts): a search for one caller (the CLI filter)
-- is read through this index, newest first, each record joined to the
-- viewer's own row of it by primary key; without it, a rare number meant
-- reading every call of the viewer's period (bench/README.md, "Calls page").
CREATE INDEX "cdrs_cli_idx" ON "cdrs"("cli", "connect_time" DESC, "id" DESC);
