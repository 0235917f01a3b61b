-- The readable audit log pages by id (keyset, newest first) within the
-- viewer's subtree (actor_path range): this index serves both at once, so a
-- page costs the same on the first page and the millionth record.
CREATE INDEX "audit_log_actor_path_id_idx" ON "audit_log" ("actor_path", "id");
