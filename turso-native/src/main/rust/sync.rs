//! Embedded replicas: a local file kept in sync with a remote database.
//!
//! One sync database per file, with every pooled connection made from it. Sync operations run on
//! one global tokio runtime (the sync engine's checkpoint sleeps on tokio's timer); queries do not.

use crate::error::{Error, ErrorCode, Result};
use crate::value;
use std::sync::{Arc, LazyLock};
use turso::Value;

/// Produces the auth token; called before every request the sync engine makes, so a rotated token
/// is picked up without a restart. `Ok(None)` means no token.
pub type TokenSource = Arc<dyn Fn() -> std::result::Result<Option<String>, String> + Send + Sync>;

static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("turso4j-sync")
        .enable_all()
        .build()
        .expect("cannot start the turso4j sync runtime")
});

pub struct Replica {
    db: turso::sync::Database,
}

pub struct ReplicaOptions {
    pub path: String,
    pub remote_url: String,
    pub tokens: Option<TokenSource>,
    pub bootstrap_if_empty: bool,
}

impl Replica {
    pub fn open(options: ReplicaOptions) -> Result<Replica> {
        let mut builder = turso::sync::Builder::new_remote(&options.path)
            .with_remote_url(options.remote_url)
            .bootstrap_if_empty(options.bootstrap_if_empty)
            .experimental_index_method(true)
            .with_client_name("turso4j");
        if let Some(tokens) = options.tokens {
            builder = builder.with_auth_token_fn(move || {
                let token = tokens();
                async move {
                    match token {
                        Ok(Some(token)) => Ok(token),
                        Ok(None) => Err(turso::Error::Error("auth token provider returned no token".into())),
                        Err(message) => Err(turso::Error::Error(format!("auth token provider failed: {message}"))),
                    }
                }
            });
        }
        let db = RUNTIME.block_on(builder.build()).map_err(sync_error)?;
        Ok(Replica { db })
    }

    pub fn connect(&self) -> turso::Result<turso::Connection> {
        RUNTIME.block_on(self.db.connect())
    }

    pub fn push(&self) -> Result<()> {
        RUNTIME.block_on(self.db.push()).map_err(sync_error)
    }

    /// True when the pull brought changes.
    pub fn pull(&self) -> Result<bool> {
        RUNTIME.block_on(self.db.pull()).map_err(sync_error)
    }

    pub fn checkpoint(&self) -> Result<()> {
        RUNTIME.block_on(self.db.checkpoint()).map_err(sync_error)
    }

    /// The sync engine's statistics, encoded as values in this order: local changes not yet pushed,
    /// main WAL bytes, revert WAL bytes, last pull and last push (unix seconds or NULL), revision
    /// (TEXT or NULL), network bytes sent and received.
    pub fn stats(&self) -> Result<Vec<u8>> {
        let stats = RUNTIME.block_on(self.db.stats()).map_err(sync_error)?;
        let optional = |v: Option<i64>| v.map_or(Value::Null, Value::Integer);
        let values = [
            Value::Integer(stats.cdc_operations),
            Value::Integer(stats.main_wal_size as i64),
            Value::Integer(stats.revert_wal_size as i64),
            optional(stats.last_pull_unix_time),
            optional(stats.last_push_unix_time),
            stats.revision.map_or(Value::Null, Value::Text),
            Value::Integer(stats.network_sent_bytes as i64),
            Value::Integer(stats.network_received_bytes as i64),
        ];
        let mut out = Vec::new();
        values.iter().for_each(|v| value::encode(v, &mut out));
        Ok(out)
    }
}

/// Errors of a sync operation keep the engine's class when it has one (BUSY stays BUSY); the rest
/// are SYNC errors, which say the remote side failed, not the local database.
///
/// A pull (or push) that finds the local database locked by another connection's transaction
/// fails with `Error("sync engine operation failed: database error: Database is busy")`: that is
/// local lock contention, so it is BUSY (retry once the transaction ends), not a remote failure.
/// The turso crate's own checkpoint retry recognises it by the same text.
fn sync_error(error: turso::Error) -> Error {
    let error = Error::from(error);
    if is_local_busy(&error.message) {
        return Error::new(ErrorCode::Busy, error.message);
    }
    match error.code {
        ErrorCode::Error | ErrorCode::Io => Error::new(ErrorCode::Sync, error.message),
        _ => error,
    }
}

fn is_local_busy(message: &str) -> bool {
    message.contains("Database is busy")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_locked_local_database_is_busy_and_a_dead_remote_is_sync() {
        let busy = sync_error(turso::Error::Error(
            "sync engine operation failed: database error: Database is busy".into(),
        ));
        assert_eq!(busy.code, ErrorCode::Busy);
        let remote = sync_error(turso::Error::Error(
            "sync engine operation failed: database sync engine error: http request failed: client error (Connect)".into(),
        ));
        assert_eq!(remote.code, ErrorCode::Sync);
        assert_eq!(sync_error(turso::Error::Busy("database is locked".into())).code, ErrorCode::Busy);
        assert_eq!(sync_error(turso::Error::Corrupt("x".into())).code, ErrorCode::Corrupt);
    }
}
