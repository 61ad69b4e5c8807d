-- App users, connect sessions and provider connections.
--
-- Ferry never owns the app's login: the app's backend registers its users with their
-- entitlements. A connect session is a short-lived, single-use link the app hands to the
-- user's browser; its secret is stored only as a SHA-256 hash. A connection is one user's
-- OAuth grant for one provider account or workspace; its tokens are vault envelopes
-- (src/vault/), never plaintext. Statuses are checked against src/connections/status.ts.

CREATE TABLE app_users (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 200),
  entitlements text[] NOT NULL DEFAULT '{}',
  tier text NOT NULL DEFAULT 'free',
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE connect_sessions (
  id uuid PRIMARY KEY,
  token_hash bytea NOT NULL UNIQUE,
  user_id text NOT NULL REFERENCES app_users (id) ON DELETE CASCADE,
  provider text NOT NULL,
  return_url text,
  expires_at timestamptz NOT NULL,
  -- Set when the browser follows the link (/oauth/:provider/start): the link works once.
  started_at timestamptz,
  -- Set when a callback claims the session: the OAuth state works once.
  completed_at timestamptz,
  -- How it ended: connected, or the error code the browser was sent back with.
  outcome text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX connect_sessions_expiry ON connect_sessions (expires_at);

CREATE TABLE connections (
  id uuid PRIMARY KEY,
  user_id text NOT NULL REFERENCES app_users (id) ON DELETE CASCADE,
  provider text NOT NULL,
  -- The provider-side identity the grant belongs to: a Notion workspace id, a Google account.
  external_id text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'invalid', 'revoked')),
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  scopes text[] NOT NULL DEFAULT '{}',
  access_token text NOT NULL,
  refresh_token text,
  token_expires_at timestamptz,
  last_refreshed_at timestamptz,
  last_error text,
  last_error_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, provider, external_id)
);

CREATE INDEX connections_user ON connections (user_id);
