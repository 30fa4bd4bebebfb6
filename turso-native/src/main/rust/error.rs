//! Errors as the Java side sees them: a stable code plus a message.
//!
//! The codes are the broad classes (busy, constraint, invalid_param, misuse, error, io, corrupt) plus
//! the few SQLite classes a JDBC user needs to tell apart. Their numbers are shared with
//! `dev.turso4j.jdbc.TursoErrorCode`; keep both lists in the same order.
//!
//! The engine's errors are typed (`LimboError`, the sync engine's `Error`); they are classified
//! here, once, by variant, never by their text.

use crate::sync::redact;
use std::fmt;
use turso_core::LimboError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub enum ErrorCode {
    Error = 0,
    Busy = 1,
    BusySnapshot = 2,
    Constraint = 3,
    InvalidParam = 4,
    Misuse = 5,
    Io = 6,
    Corrupt = 7,
    Readonly = 8,
    Full = 9,
    Interrupt = 10,
    Sync = 11,
}

impl ErrorCode {
    /// Every code in order, for the test that pins this list to `TursoErrorCode.java`.
    pub const ALL: [ErrorCode; 12] = [
        ErrorCode::Error,
        ErrorCode::Busy,
        ErrorCode::BusySnapshot,
        ErrorCode::Constraint,
        ErrorCode::InvalidParam,
        ErrorCode::Misuse,
        ErrorCode::Io,
        ErrorCode::Corrupt,
        ErrorCode::Readonly,
        ErrorCode::Full,
        ErrorCode::Interrupt,
        ErrorCode::Sync,
    ];
}

/// What kind of failure within its code, where the engine tells: the constraint that failed, or a
/// statement the engine could not compile. Shared with `Errors.Detail` in Java, same order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub enum Detail {
    None = 0,
    Unique = 1,
    PrimaryKey = 2,
    NotNull = 3,
    ForeignKey = 4,
    Check = 5,
    /// The SQL could not be compiled: syntax, a missing table or column, a name already taken.
    Grammar = 6,
    /// The statement ran past its query timeout.
    Timeout = 7,
    /// The statement was cancelled by another thread.
    Cancelled = 8,
    /// The values given do not match the statement's parameters.
    ParameterCount = 9,
    /// Another connection (or a sync) holds the lock: waiting may help.
    Locked = 10,
}

impl Detail {
    pub const ALL: [Detail; 11] = [
        Detail::None,
        Detail::Unique,
        Detail::PrimaryKey,
        Detail::NotNull,
        Detail::ForeignKey,
        Detail::Check,
        Detail::Grammar,
        Detail::Timeout,
        Detail::Cancelled,
        Detail::ParameterCount,
        Detail::Locked,
    ];

    /// The engine reports unique, primary key, not null and check failures as one variant whose
    /// text starts the way SQLite's messages do (`UNIQUE constraint failed: t.x`); that prefix is
    /// the engine's SQLite-compatible contract, and `engine_errors_are_classified` pins it.
    fn of_constraint(message: &str) -> Detail {
        const PREFIXES: [(&str, Detail); 4] = [
            ("UNIQUE constraint failed", Detail::Unique),
            ("NOT NULL constraint failed", Detail::NotNull),
            ("CHECK constraint failed", Detail::Check),
            ("FOREIGN KEY constraint failed", Detail::ForeignKey),
        ];
        PREFIXES.iter().find(|(prefix, _)| message.starts_with(prefix)).map_or(Detail::None, |(_, d)| *d)
    }
}

#[derive(Debug)]
pub struct Error {
    pub code: ErrorCode,
    pub detail: Detail,
    pub message: String,
    /// A lock held by another connection (or a sync applying changes): worth waiting for, unlike
    /// "SQL statements in progress", which only this connection can clear.
    lock_contention: bool,
    /// For a caller that waits for locks itself (see `busy`): sleep this long, then try again.
    pub retry_after: Option<std::time::Duration>,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error { code, detail: Detail::None, message: message.into(), lock_contention: false, retry_after: None }
    }

    pub fn with_detail(self, detail: Detail) -> Self {
        Error { detail, ..self }
    }

    pub fn misuse(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Misuse, message)
    }

    pub fn invalid_param(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidParam, message)
    }

    /// The database is locked by someone else; waiting may help.
    pub fn locked() -> Self {
        Error { lock_contention: true, ..Self::new(ErrorCode::Busy, "database is locked").with_detail(Detail::Locked) }
    }

    /// The statement was stopped: by its query timeout, or by a cancel from another thread.
    pub fn interrupted(detail: Detail, message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Interrupt, message).with_detail(detail)
    }

    /// An earlier call panicked inside the engine while it held this connection: its state cannot
    /// be trusted, so the connection fails as broken (pools evict it) instead of being used again.
    pub fn broken() -> Self {
        Self::new(ErrorCode::Io, "the connection is broken: an earlier call failed inside the engine")
    }

    /// A failure of the remote or of the way to it. The text may come from the remote, so it is
    /// made safe to show first (see `redact`).
    pub fn sync(message: &str) -> Self {
        Self::new(ErrorCode::Sync, redact::remote_text(message))
    }

    pub fn is_lock_contention(&self) -> bool {
        self.lock_contention
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<LimboError> for Error {
    #[cold]
    fn from(error: LimboError) -> Self {
        use LimboError as E;
        let (code, detail) = match &error {
            E::Busy | E::TableLocked => return Error::locked(),
            E::Constraint(message) => (ErrorCode::Constraint, Detail::of_constraint(message)),
            E::ForeignKeyConstraint(_) => (ErrorCode::Constraint, Detail::ForeignKey),
            E::ParseError(_) | E::LexerError(_) | E::PlanningError(_) => (ErrorCode::Error, Detail::Grammar),
            other => (Self::code_of(other), Detail::None),
        };
        Error::new(code, error.to_string()).with_detail(detail)
    }
}

impl Error {
    fn code_of(error: &LimboError) -> ErrorCode {
        use LimboError as E;
        match error {
            E::Busy | E::TableLocked | E::StatementsInProgress(_) => ErrorCode::Busy,
            E::BusySnapshot | E::WriteWriteConflict | E::CommitDependencyAborted | E::Conflict(_) => {
                ErrorCode::BusySnapshot
            }
            E::Interrupt => ErrorCode::Interrupt,
            E::Constraint(_) | E::ForeignKeyConstraint(_) => ErrorCode::Constraint,
            E::ReadOnly => ErrorCode::Readonly,
            E::DatabaseFull | E::SequenceExhausted { .. } => ErrorCode::Full,
            E::Corrupt(_) | E::NotADB => ErrorCode::Corrupt,
            E::CompletionError(_) | E::IoBackendUnavailable(_) => ErrorCode::Io,
            E::ConversionError(_) | E::InvalidArgument(_) | E::IntegerOverflow | E::TooBig => {
                ErrorCode::InvalidParam
            }
            _ => ErrorCode::Error,
        }
    }
}

impl From<Box<LimboError>> for Error {
    #[cold]
    fn from(error: Box<LimboError>) -> Self {
        Error::from(*error)
    }
}

/// A sync operation failed. Local database errors keep their class (BUSY stays BUSY: a transaction
/// of another connection held the database); everything else is a failure of the remote or of the
/// way to it.
impl From<turso_sync_engine::errors::Error> for Error {
    #[cold]
    fn from(error: turso_sync_engine::errors::Error) -> Self {
        match error {
            turso_sync_engine::errors::Error::TursoError(local) => Error::from(local),
            remote => Error::sync(&remote.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use turso_sync_engine::errors::Error as SyncError;

    #[test]
    fn engine_errors_are_classified_by_variant() {
        let locked = Error::from(LimboError::Busy);
        assert_eq!(locked.code, ErrorCode::Busy);
        assert!(locked.is_lock_contention());
        let same_connection = Error::from(LimboError::StatementsInProgress("cannot commit"));
        assert_eq!(same_connection.code, ErrorCode::Busy);
        assert!(!same_connection.is_lock_contention());
        assert_eq!(Error::from(LimboError::WriteWriteConflict).code, ErrorCode::BusySnapshot);
        assert_eq!(Error::from(LimboError::Constraint("UNIQUE constraint failed: t.x".into())).code, ErrorCode::Constraint);
        assert_eq!(Error::from(LimboError::NotADB).code, ErrorCode::Corrupt);
        assert_eq!(Error::from(LimboError::DatabaseFull).code, ErrorCode::Full);
        assert_eq!(Error::from(LimboError::ParseError("near x".into())).code, ErrorCode::Error);
        assert_eq!(Error::from(LimboError::ParseError("no such table: t".into())).detail, Detail::Grammar);
        assert_eq!(Error::from(LimboError::Constraint("UNIQUE constraint failed: t.x".into())).detail, Detail::Unique);
        assert_eq!(Error::from(LimboError::Constraint("NOT NULL constraint failed: t.x".into())).detail, Detail::NotNull);
        assert_eq!(Error::from(LimboError::ForeignKeyConstraint("t".into())).detail, Detail::ForeignKey);
        assert_eq!(Error::from(LimboError::Constraint("something else".into())).detail, Detail::None);
    }

    #[test]
    fn a_locked_local_database_stays_busy_and_a_remote_failure_is_sync() {
        let busy = Error::from(SyncError::TursoError(LimboError::Busy));
        assert_eq!(busy.code, ErrorCode::Busy);
        assert!(busy.is_lock_contention());
        let remote = Error::from(SyncError::DatabaseSyncEngineError("http://u:p@h:1/x failed\n".into()));
        assert_eq!(remote.code, ErrorCode::Sync);
        assert!(!remote.message.contains("u:p") && !remote.message.contains('\n'), "{}", remote.message);
    }
}
