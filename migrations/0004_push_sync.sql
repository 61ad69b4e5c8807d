-- Push sync: the app's content tree and its mapping to Notion pages.
--
-- `documents` is the app's tree per user (workspaces, folders, notes, or any other kinds: a
-- kind is data). Every write bumps `changed_seq` from one sequence, so a sync only looks at
-- nodes changed since it last synced them. The app writes it over the API or in SQL, in its
-- own transaction (see docs/push-sync.md).
--
-- `notion_pages` maps each node to its Notion page: the only source of truth for "does this
-- exist in Notion". A row is written (status `creating`) before the page is created, so a
-- crash between the create and the record is reconciled against the parent's children
-- instead of creating a second page.

CREATE SEQUENCE documents_changed_seq;

CREATE TABLE documents (
  user_id text NOT NULL REFERENCES app_users (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]{0,31}$'),
  id text NOT NULL CHECK (length(id) BETWEEN 1 AND 200),
  parent_kind text,
  parent_id text,
  title text NOT NULL DEFAULT '' CHECK (length(title) <= 2000),
  body text,
  position double precision NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted boolean NOT NULL DEFAULT false,
  changed_seq bigint NOT NULL DEFAULT nextval('documents_changed_seq'),
  PRIMARY KEY (user_id, kind, id),
  CHECK ((parent_kind IS NULL) = (parent_id IS NULL))
);

CREATE INDEX documents_changed ON documents (user_id, changed_seq);

-- Any write through SQL bumps the change counter too, so the app may write this table directly.
CREATE FUNCTION documents_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.changed_seq := nextval('documents_changed_seq');
  RETURN NEW;
END
$$;

-- Only what the sync shows counts as a change (not updated_at alone).
CREATE TRIGGER documents_touch BEFORE UPDATE ON documents
  FOR EACH ROW WHEN ((OLD.parent_kind, OLD.parent_id, OLD.title, OLD.body, OLD.position, OLD.deleted)
    IS DISTINCT FROM (NEW.parent_kind, NEW.parent_id, NEW.title, NEW.body, NEW.position, NEW.deleted))
  EXECUTE FUNCTION documents_touch();

CREATE TABLE notion_pages (
  user_id text NOT NULL,
  kind text NOT NULL,
  doc_id text NOT NULL,
  connection_id uuid NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  -- creating: intent recorded, the page may or may not exist; synced; failed (see last_error);
  -- archived (deleted in the app); missing (trashed or deleted in Notion, reported by policy).
  status text NOT NULL CHECK (status IN ('creating', 'synced', 'failed', 'archived', 'missing')),
  page_id uuid,
  parent_page_id uuid,
  title text,
  intent_at timestamptz,
  -- The body as Notion holds it: top-level block ids with the hash of what each holds.
  blocks jsonb,
  synced_seq bigint NOT NULL DEFAULT 0,
  last_error text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, kind, doc_id),
  UNIQUE (connection_id, page_id)
);

CREATE TABLE push_sync_state (
  user_id text PRIMARY KEY REFERENCES app_users (id) ON DELETE CASCADE,
  connection_id uuid REFERENCES connections (id) ON DELETE SET NULL,
  root_page_id uuid,
  root_status text NOT NULL DEFAULT 'unset' CHECK (root_status IN ('unset', 'ok', 'inaccessible')),
  last_started_at timestamptz,
  last_synced_at timestamptz,
  last_counts jsonb NOT NULL DEFAULT '{}'::jsonb,
  last_errors jsonb NOT NULL DEFAULT '[]'::jsonb,
  updated_at timestamptz NOT NULL DEFAULT now()
);
