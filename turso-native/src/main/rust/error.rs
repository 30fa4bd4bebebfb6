//! Errors as the Java side sees them: a stable code plus a message.
//!
//! The codes are the seed's (busy, constraint, invalid_param, misuse, error, io, corrupt) plus the
//! few SQLite classes a JDBC user needs to tell apart. Their numbers are shared with
//! `dev.turso4j.jdbc.TursoErrorCode`; keep both lists in the same order.

use std::fmt;

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

#[derive(Debug)]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error { code, message: message.into() }
    }

    pub fn misuse(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Misuse, message)
    }

    pub fn invalid_param(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidParam, message)
    }

    /// A lock held by another connection: worth waiting for, unlike
    /// "SQL statements in progress", which only this connection can clear.
    pub fn is_lock_contention(&self) -> bool {
        self.code == ErrorCode::Busy && self.message == "database is locked"
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<turso::Error> for Error {
    fn from(error: turso::Error) -> Self {
        use turso::Error as E;
        let code = match &error {
            E::Busy(_) => ErrorCode::Busy,
            E::BusySnapshot(_) => ErrorCode::BusySnapshot,
            E::Interrupt(_) => ErrorCode::Interrupt,
            E::Misuse(m) if m.contains("bind index") => ErrorCode::InvalidParam,
            E::Misuse(_) => ErrorCode::Misuse,
            E::Constraint(_) => ErrorCode::Constraint,
            E::Readonly(_) => ErrorCode::Readonly,
            E::DatabaseFull(_) => ErrorCode::Full,
            E::NotAdb(_) | E::Corrupt(_) => ErrorCode::Corrupt,
            E::IoError(..) => ErrorCode::Io,
            E::ToSqlConversionFailure(_) | E::ConversionFailure(_) => ErrorCode::InvalidParam,
            E::Error(m) if m.starts_with("sync engine") => ErrorCode::Sync,
            E::Error(m) if m.starts_with("I/O error") => ErrorCode::Io,
            E::Error(m) if m.contains("conflict") => ErrorCode::BusySnapshot,
            _ => ErrorCode::Error,
        };
        Error::new(code, error.to_string())
    }
}
