-- The audit log is scoped by actor path ranges, like customers.path: the
-- ranges need byte order whatever the database's default collation is.
ALTER TABLE "audit_log" ALTER COLUMN "actor_path" TYPE TEXT COLLATE "C";
