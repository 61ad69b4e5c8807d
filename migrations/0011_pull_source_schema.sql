-- Pull sync: the data source's schema as the last successful run saw it, per user and mirror table.
--
-- Every row keeps all its page's properties in `properties` (JSONB, keyed by property name), but
-- Notion does not touch a page's `last_edited_time` when a property of its data source is renamed,
-- added, removed or changes type (or a formula's expression, or a select option's name): an
-- incremental run would update only the recently edited rows. `source_schema` is what of the
-- schema the page values depend on (see src/sync/pull/state.ts#snapshotSchema); a run that finds
-- it changed reads every page. Null (a state saved before this column) counts as changed: the
-- first run after the upgrade is a full one.

ALTER TABLE pull_state ADD COLUMN source_schema jsonb;
