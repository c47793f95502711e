-- Sign-in attempts counted per key (an account, an address, or both) in
-- fixed windows, in the database so that every server on one database
-- shares the counts. A row lives until its window ends; expired rows are
-- swept as attempts come in, so the table holds at most the keys of one
-- window.
CREATE TABLE login_attempts (
	key        TEXT PRIMARY KEY,
	attempts   INTEGER NOT NULL,
	expires_at BIGINT NOT NULL
);
CREATE INDEX login_attempts_expiry ON login_attempts (expires_at);
