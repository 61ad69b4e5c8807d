-- Pull sync: the tables Ferry creates for Notion databases, and where each of their columns comes from.
--
-- A mirror table lives in a schema the operator chooses (`notion` by default) and is created and
-- evolved by src/sync/pull/tables.ts. `pull_tables` records that Ferry owns it: a table of the same
-- name that Ferry did not create is never altered. `pull_columns` records the Notion property id
-- each mapped column comes from (ids never change, so a renamed property keeps its column) and
-- the column's SQL type (a property whose type changes is reported, not silently altered).

CREATE TABLE pull_tables (
  schema_name text NOT NULL,
  table_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (schema_name, table_name)
);

CREATE TABLE pull_columns (
  schema_name text NOT NULL,
  table_name text NOT NULL,
  column_name text NOT NULL,
  property_id text NOT NULL,
  property_name text NOT NULL,
  sql_type text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (schema_name, table_name, column_name),
  FOREIGN KEY (schema_name, table_name) REFERENCES pull_tables (schema_name, table_name) ON DELETE CASCADE
);
