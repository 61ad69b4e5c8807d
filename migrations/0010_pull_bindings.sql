-- Pull sync: which property each mapped column of a mirror table comes from, per data source.
--
-- `pull_columns` has one binding per column of a table, but several users' databases share a
-- table (each user's rows come from their own data source, whose property ids are its own), and
-- a binding must outlive a rename in Notion: a column mapped `from: "Bio"` stays on that property
-- after it is renamed "Biography" for as long as the mapping still says "Bio". So each data source
-- keeps its own bindings here, with the mapping's `from` they were made for (`spec_from`): the
-- same `from` keeps the property found by its id, a changed one is resolved again by name.
--
-- Bindings of tables that hold one data source are carried over from `pull_columns` without a
-- `spec_from` (the first run then keeps them only while the mapping still names their property's
-- last known name, as before, and records its `from`).

CREATE TABLE pull_bindings (
  schema_name text NOT NULL,
  table_name text NOT NULL,
  data_source_id text NOT NULL,
  column_name text NOT NULL,
  property_id text NOT NULL,
  property_name text NOT NULL,
  spec_from jsonb,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (schema_name, table_name, data_source_id, column_name),
  FOREIGN KEY (schema_name, table_name) REFERENCES pull_tables (schema_name, table_name) ON DELETE CASCADE
);

INSERT INTO pull_bindings (schema_name, table_name, data_source_id, column_name, property_id, property_name)
SELECT c.schema_name, c.table_name, s.data_source_id, c.column_name, c.property_id, c.property_name
  FROM pull_columns c
  JOIN (SELECT schema_name, table_name, min(data_source_id) AS data_source_id
          FROM pull_state
         GROUP BY schema_name, table_name
        HAVING count(DISTINCT data_source_id) = 1) s
    ON s.schema_name = c.schema_name AND s.table_name = c.table_name;
