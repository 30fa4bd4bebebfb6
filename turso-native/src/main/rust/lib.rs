//! turso4j's native library: the turso engine behind a small JNI surface.
//!
//! `database`, `connection`, `statement` and `sync` wrap the engine in terms a JDBC driver needs;
//! `jni` only converts between Java and those types. Java holds numbered handles (`handles`), never
//! pointers, and every value crosses in one compact encoding (`value`).

pub mod busy;
pub mod connection;
pub mod database;
pub mod error;
pub mod gate;
pub mod handles;
pub mod sql;
pub mod statement;
pub mod sync;
pub mod value;

mod jni;
