//! turso4j's native library: the turso engine behind a small JNI surface.
//!
//! `database`, `connection`, `statement` and `sync` wrap the engine in terms a JDBC driver needs;
//! `jni` only converts between Java and those types. Java holds numbered handles (`handles`), never
//! pointers, and every value crosses in one compact encoding (`value`).

mod busy;
mod connection;
mod database;
mod error;
mod gate;
mod handles;
mod jni;
mod sql;
mod statement;
mod sync;
mod value;
mod wakeup;
