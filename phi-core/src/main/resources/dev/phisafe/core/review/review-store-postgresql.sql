-- phi-safe review gate: drafts of AI-generated notes under human review (PostgreSQL 12+).
-- ${table} is replaced by PostgresReviewStore (default phisafe_review_draft).
-- metadata holds ids, SHA-256 hashes, times and diff counts: never note text.
-- body / edited_body hold the note text (PHI): a 1-byte format prefix, then
--   0x01 + AEAD ciphertext bound to (tenant, table, draft id, field)   -- the default, 45 CFR 164.312(a)(2)(iv)
--   0x00 + UTF-8 plaintext                                             -- only with textInPlaintext()
CREATE TABLE IF NOT EXISTS ${table} (
    id          text        PRIMARY KEY,
    version     bigint      NOT NULL CHECK (version >= 1),
    state       text        NOT NULL,
    expires_at  timestamptz NOT NULL,
    metadata    jsonb       NOT NULL,
    body        bytea       NOT NULL,
    edited_body bytea,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS ${table}_overdue ON ${table} (expires_at) WHERE state IN ('PENDING', 'IN_REVIEW');
