//! The JNI entry points of `dev.turso4j.bridge.Native`. They only convert: arguments in, results or
//! a `NativeException` out. Every entry point catches panics, so nothing a caller does aborts the JVM.

use crate::busy::Waiting;
use crate::connection::Connection;
use crate::database::Database;
use crate::error::{Detail, Error, ErrorCode, Result};
use crate::handles::{Live, Registry};
use crate::sql::{Kind, Shape};
use crate::statement::Statement;
use crate::sync::remote::{Timeouts, TokenSource};
use crate::sync::{Replica, ReplicaOptions};
use crate::{database, value};
use jni::objects::{GlobalRef, JByteArray, JClass, JLongArray, JObject, JString, JValue};
use jni::signature::ReturnType;
use jni::sys::{jboolean, jbyteArray, jint, jlong, jlongArray, jobject, JNI_FALSE, JNI_TRUE};
use jni::{JNIEnv, JavaVM};
use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use std::thread::LocalKey;
use std::time::Duration;

static DATABASES: Registry<Database> = Registry::new("database", 1);
static CONNECTIONS: Registry<Connection> = Registry::new("connection", 2);
static STATEMENTS: Registry<Statement> = Registry::new("statement", 3);

/// What an entry point returns to Java when it throws instead.
trait Fallback {
    fn fallback() -> Self;
}
impl Fallback for jlong {
    fn fallback() -> Self {
        0
    }
}
impl Fallback for jint {
    fn fallback() -> Self {
        0
    }
}
impl Fallback for jboolean {
    fn fallback() -> Self {
        JNI_FALSE
    }
}
impl Fallback for () {
    fn fallback() -> Self {}
}
impl Fallback for jobject {
    fn fallback() -> Self {
        std::ptr::null_mut()
    }
}

/// Runs `body`; turns its error, or its panic, into a pending `NativeException`.
fn entry<'local, T: Fallback>(
    env: &mut JNIEnv<'local>,
    body: impl FnOnce(&mut JNIEnv<'local>) -> Result<T>,
) -> T {
    let error = match catch_unwind(AssertUnwindSafe(|| body(env))) {
        Ok(Ok(value)) => return value,
        Ok(Err(error)) => error,
        Err(panic) => {
            let reason = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown cause".into());
            Error::new(ErrorCode::Error, format!("internal error in the turso engine: {reason}"))
        }
    };
    throw(env, &error);
    T::fallback()
}

fn throw(env: &mut JNIEnv, error: &Error) {
    if env.exception_check().unwrap_or(false) {
        return; // a Java exception (from a callback or a conversion) is already on its way
    }
    let thrown = (|| -> jni::errors::Result<()> {
        let message = env.new_string(&error.message)?;
        let retry_after_ms = error.retry_after.map_or(0, |delay| delay.as_millis().clamp(1, i32::MAX as u128) as i32);
        let exception = env.new_object(
            "dev/turso4j/bridge/NativeException",
            "(IIILjava/lang/String;)V",
            &[
                JValue::Int(error.code as i32),
                JValue::Int(error.detail as i32),
                JValue::Int(retry_after_ms),
                JValue::Object(&message),
            ],
        )?;
        env.throw(jni::objects::JThrowable::from(exception))
    })();
    if thrown.is_err() && !env.exception_check().unwrap_or(false) {
        let _ = env.throw_new("java/lang/IllegalStateException", &error.message);
    }
}

fn jni_error(error: jni::errors::Error) -> Error {
    match error {
        jni::errors::Error::NullPtr(what) | jni::errors::Error::NullDeref(what) => {
            Error::misuse(format!("null argument ({what})"))
        }
        other => Error::misuse(format!("JNI failure: {other}")),
    }
}

fn bytes(env: &JNIEnv, array: &JByteArray) -> Result<Vec<u8>> {
    if array.is_null() {
        return Err(Error::misuse("null argument"));
    }
    env.convert_byte_array(array).map_err(jni_error)
}

fn text(env: &JNIEnv, array: &JByteArray) -> Result<String> {
    String::from_utf8(bytes(env, array)?).map_err(|_| Error::misuse("text is not valid UTF-8"))
}

fn byte_array(env: &JNIEnv, data: &[u8]) -> Result<jobject> {
    Ok(env.byte_array_from_slice(data).map_err(jni_error)?.into_raw())
}

/// Hands a row batch to Java: written into `reuse` (`reuse_len` bytes long, as the caller says, so
/// no call asks the JVM) when it fits, so a small result costs no new array; else in a new array.
fn row_batch(env: &mut JNIEnv, data: &[u8], reuse: &JByteArray, reuse_len: jint) -> Result<jobject> {
    if !reuse.is_null() && reuse_len as usize >= data.len() {
        // SAFETY: u8 and i8 (jbyte) have the same size and alignment.
        let region = unsafe { std::slice::from_raw_parts(data.as_ptr().cast::<i8>(), data.len()) };
        env.set_byte_array_region(reuse, 0, region).map_err(|e| bounds_error(env, e))?;
        return Ok(reuse.as_raw());
    }
    byte_array(env, data)
}

/// A region call past an array's end leaves an ArrayIndexOutOfBoundsException pending; the caller
/// gets the driver's own error instead, like for any other misuse.
fn bounds_error(env: &mut JNIEnv, error: jni::errors::Error) -> Error {
    if matches!(error, jni::errors::Error::JavaException) {
        let _ = env.exception_clear();
        return Error::misuse("a length is past the end of its array");
    }
    jni_error(error)
}

/// Copies the first `len` bytes of `array` into `buf`, which is cleared first; a null array is an
/// empty input. The length is checked against the array before anything is allocated: a caller's
/// wrong length must not make us ask for gigabytes (a failed allocation would abort the JVM).
fn read_into(env: &mut JNIEnv, array: &JByteArray, len: jint, buf: &mut Vec<u8>) -> Result<()> {
    buf.clear();
    if array.is_null() || len == 0 {
        return Ok(());
    }
    let capacity = env.get_array_length(array).map_err(jni_error)?;
    if len < 0 || len > capacity {
        return Err(Error::misuse(format!("length {len} does not fit an array of {capacity} bytes")));
    }
    buf.resize(len as usize, 0);
    // SAFETY: u8 and i8 (jbyte) have the same size and alignment, and every bit pattern is valid.
    let region = unsafe { std::slice::from_raw_parts_mut(buf.as_mut_ptr().cast::<i8>(), buf.len()) };
    env.get_byte_array_region(array, 0, region).map_err(|e| bounds_error(env, e))
}

thread_local! {
    static INPUT: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
    static OUTPUT: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// Buffers above this size are not kept for the thread's next call (a scan's 256 KB batches are
/// not worth pinning on every thread that ever ran one).
const RETAINED_BUFFER: usize = 64 * 1024;

/// Lends `f` this thread's reusable buffer (empty), so a call needs no allocation for its bytes.
/// A re-entrant call on the same thread simply gets a fresh one.
fn with_buffer<R>(slot: &'static LocalKey<Cell<Vec<u8>>>, f: impl FnOnce(&mut Vec<u8>) -> R) -> R {
    let mut buf = slot.take();
    buf.clear();
    let result = f(&mut buf);
    if buf.capacity() <= RETAINED_BUFFER {
        slot.set(buf);
    }
    result
}

/// A query timeout in milliseconds from Java: 0 (or less) for none.
fn query_timeout(millis: jint) -> Option<Duration> {
    (millis > 0).then(|| Duration::from_millis(millis as u64))
}

/// Who sleeps while waiting for a lock (see `busy`): `Native.WAIT_HERE`, `WAIT_IN_CALLER` (a
/// virtual thread) or `WAIT_CONTINUE` (the same execution again, after its caller slept).
fn waiting(mode: jint) -> Result<Waiting> {
    match mode {
        0 => Ok(Waiting::Here),
        1 => Ok(Waiting::InCaller),
        2 => Ok(Waiting::Continue),
        other => Err(Error::misuse(format!("unknown waiting mode {other}"))),
    }
}

fn row_limit(max_rows: jint) -> usize {
    if max_rows <= 0 { usize::MAX } else { max_rows as usize }
}

fn to_jboolean(b: bool) -> jboolean {
    if b { JNI_TRUE } else { JNI_FALSE }
}

// ---- databases ----

#[no_mangle]
pub extern "system" fn Java_dev_turso4j_bridge_Native_open<'l>(
    mut env: JNIEnv<'l>, _: JClass<'l>, path: JByteArray<'l>, read_only: jboolean,
) -> jlong {
    entry(&mut env, |env| {
        let db = Database::open_local(&text(env, &path)?, read_only == JNI_TRUE)?;
        Ok(DATABASES.insert(db))
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_turso4j_bridge_Native_openReplica<'l>(
    mut env: JNIEnv<'l>, _: JClass<'l>, path: JByteArray<'l>, remote_url: JByteArray<'l>,
    tokens: JObject<'l>, bootstrap_if_empty: jboolean, connect_timeout_ms: jlong, request_timeout_ms: jlong,
    local_wait_ms: jlong,
) -> jlong {
    entry(&mut env, |env| {
        let tokens = if tokens.is_null() { None } else { Some(token_source(env, &tokens)?) };
        let replica = Replica::open(ReplicaOptions {
            path: text(env, &path)?,
            remote_url: text(env, &remote_url)?,
            tokens,
            bootstrap_if_empty: bootstrap_if_empty == JNI_TRUE,
            timeouts: Timeouts { connect: positive_millis(connect_timeout_ms)?, request: positive_millis(request_timeout_ms)? },
            local_wait: Duration::from_millis(local_wait_ms.max(0) as u64),
        })?;
        Ok(DATABASES.insert(Database::new(database::Engine::Replica(replica))))
    })
}

fn positive_millis(millis: jlong) -> Result<Duration> {
    if millis <= 0 {
        return Err(Error::misuse(format!("a sync timeout must be positive, not {millis} ms")));
    }
    Ok(Duration::from_millis(millis as u64))
}

/// Wraps a Java `Supplier<String>`. It is called on the thread that runs the sync operation (a
/// Java thread inside a native call), in a local frame: no reference to the token outlives the
/// call, and the Java string is unreachable from here once the request is built.
///
/// Methods are looked up once, on the classes that declare them, so a native image needs JNI access
/// to those alone (see `reachability-metadata.json`, which `JniMetadataTest` keeps in step with this file).
fn token_source(env: &mut JNIEnv, supplier: &JObject) -> Result<TokenSource> {
    let vm: JavaVM = env.get_java_vm().map_err(jni_error)?;
    let supplier: GlobalRef = env.new_global_ref(supplier).map_err(jni_error)?;
    let get = env.get_method_id("java/util/function/Supplier", "get", "()Ljava/lang/Object;").map_err(jni_error)?;
    let get_message =
        env.get_method_id("java/lang/Throwable", "getMessage", "()Ljava/lang/String;").map_err(jni_error)?;
    Ok(Arc::new(move || {
        let mut env = vm.attach_current_thread().map_err(|e| e.to_string())?;
        let token = env.with_local_frame(4, |env| -> jni::errors::Result<std::result::Result<Option<String>, String>> {
            // SAFETY: `get` is Supplier.get, which takes no arguments and returns an object.
            let result = unsafe { env.call_method_unchecked(supplier.as_obj(), get, ReturnType::Object, &[]) };
            if env.exception_check()? {
                let thrown = env.exception_occurred()?;
                env.exception_clear()?;
                // The driver's own failures (a provider that hangs, say) say why; any other
                // exception's message stays in Java's hands, as it could hold a secret.
                if env.is_instance_of(&thrown, "dev/turso4j/bridge/NativeException")? {
                    // SAFETY: `get_message` is Throwable.getMessage, which takes no arguments and returns a String.
                    let message =
                        unsafe { env.call_method_unchecked(&thrown, get_message, ReturnType::Object, &[]) }?.l()?;
                    return Ok(Err(env.get_string(&JString::from(message))?.into()));
                }
                return Ok(Err("the provider threw an exception".into()));
            }
            let token = result?.l()?;
            if token.is_null() {
                return Ok(Ok(None));
            }
            Ok(Ok(Some(env.get_string(&JString::from(token))?.into())))
        });
        token.map_err(|e| format!("the provider's answer could not be read ({e})"))?
    }))
}

#[no_mangle]
pub extern "system" fn Java_dev_turso4j_bridge_Native_closeDatabase<'l>(
    mut env: JNIEnv<'l>, _: JClass<'l>, db: jlong,
) {
    entry(&mut env, |_| {
        DATABASES.remove(db);
        Ok(())
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_turso4j_bridge_Native_connect<'l>(
    mut env: JNIEnv<'l>, _: JClass<'l>, db: jlong,
) -> jlong {
    entry(&mut env, |_| Ok(CONNECTIONS.insert(DATABASES.get(db)?.connect()?)))
}

#[no_mangle]
pub extern "system" fn Java_dev_turso4j_bridge_Native_busyCounters<'l>(
    mut env: JNIEnv<'l>, _: JClass<'l>, db: jlong,
) -> jlongArray {
    entry(&mut env, |env| {
        let counters = DATABASES.get(db)?.busy.snapshot();
        let array = env.new_long_array(2).map_err(jni_error)?;
        env.set_long_array_region(&array, 0, &counters).map_err(jni_error)?;
        Ok(array.into_raw())
    })
}

// ---- sync ----

fn replica_op<T>(db: jlong, op: impl FnOnce(&Replica) -> Result<T>) -> Result<T> {
    op(DATABASES.get(db)?.replica()?)
}

#[no_mangle]
pub extern "system" fn Java_dev_turso4j_bridge_Native_push<'l>(mut env: JNIEnv<'l>, _: JClass<'l>, db: jlong) {
    entry(&mut env, |_| replica_op(db, Replica::push))
}

#[no_mangle]
pub extern "system" fn Java_dev_turso4j_bridge_Native_pull<'l>(mut env: JNIEnv<'l>, _: JClass<'l>, db: jlong) -> jboolean {
    entry(&mut env, |_| replica_op(db, Replica::pull).map(to_jboolean))
}

#[no_mangle]
pub extern "system" fn Java_dev_turso4j_bridge_Native_checkpoint<'l>(mut env: JNIEnv<'l>, _: JClass<'l>, db: jlong) {
    entry(&mut env, |_| replica_op(db, Replica::checkpoint))
}

/// The sync engine's statistics as values, in this order: local changes not yet pushed, main WAL
/// bytes, revert WAL bytes, last pull and last push (unix seconds or NULL), revision (TEXT or
/// NULL), network bytes sent and received.
#[no_mangle]
pub extern "system" fn Java_dev_turso4j_bridge_Native_syncStats<'l>(mut env: JNIEnv<'l>, _: JClass<'l>, db: jlong) -> jbyteArray {
    entry(&mut env, |env| {
        let stats = replica_op(db, Replica::stats)?;
        let mut out = Vec::with_capacity(96);
        value::integer(stats.cdc_operations, &mut out);
        value::integer(stats.main_wal_size as i64, &mut out);
        value::integer(stats.revert_wal_size as i64, &mut out);
        value::optional_integer(stats.last_pull_unix_time, &mut out);
        value::optional_integer(stats.last_push_unix_time, &mut out);
        value::optional_text(stats.revision.as_deref(), &mut out);
        value::integer(stats.network_sent_bytes as i64, &mut out);
        value::integer(stats.network_received_bytes as i64, &mut out);
        byte_array(env, &out)
    })
}

// ---- connections ----

#[no_mangle]
pub extern "system" fn Java_dev_turso4j_bridge_Native_closeConnection<'l>(
    mut env: JNIEnv<'l>, _: JClass<'l>, conn: jlong,
) {
    entry(&mut env, |_| {
        CONNECTIONS.remove(conn);
        Ok(())
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_turso4j_bridge_Native_setBusyTimeout<'l>(
    mut env: JNIEnv<'l>, _: JClass<'l>, conn: jlong, millis: jlong,
) {
    entry(&mut env, |_| {
        CONNECTIONS.get(conn)?.set_busy_timeout(Duration::from_millis(millis.max(0) as u64));
        Ok(())
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_turso4j_bridge_Native_isAutocommit<'l>(
    mut env: JNIEnv<'l>, _: JClass<'l>, conn: jlong,
) -> jboolean {
    entry(&mut env, |_| Ok(to_jboolean(CONNECTIONS.get(conn)?.is_autocommit())))
}

#[no_mangle]
pub extern "system" fn Java_dev_turso4j_bridge_Native_lastInsertRowid<'l>(
    mut env: JNIEnv<'l>, _: JClass<'l>, conn: jlong,
) -> jlong {
    entry(&mut env, |_| CONNECTIONS.get(conn)?.last_insert_rowid())
}

/// Whether the connection can run a statement, answered within `timeout_ms` (0: no limit) and
/// without waiting for a sync; throws why not.
#[no_mangle]
pub extern "system" fn Java_dev_turso4j_bridge_Native_ping<'l>(
    mut env: JNIEnv<'l>, _: JClass<'l>, conn: jlong, timeout_ms: jint,
) {
    entry(&mut env, |_| CONNECTIONS.get(conn)?.ping(Duration::from_millis(timeout_ms.max(0) as u64)))
}

#[no_mangle]
pub extern "system" fn Java_dev_turso4j_bridge_Native_executeScript<'l>(
    mut env: JNIEnv<'l>, _: JClass<'l>, conn: jlong, sql: JByteArray<'l>, timeout_ms: jint,
) -> jlong {
    entry(&mut env, |env| {
        let changes = CONNECTIONS.get(conn)?.execute_script(&text(env, &sql)?, query_timeout(timeout_ms))?;
        Ok(changes as jlong)
    })
}

/// What `sql` holds, read by the engine's parser, packed in one number (see `Native.describe`):
/// bits 0-31 where a `RETURNING` clause can go (UTF-16 units), bit 32 set when the first statement
/// changes rows, bit 33 when it already returns them, bits 40-55 the number of statements.
#[no_mangle]
pub extern "system" fn Java_dev_turso4j_bridge_Native_describe<'l>(
    mut env: JNIEnv<'l>, _: JClass<'l>, sql: JByteArray<'l>,
) -> jlong {
    entry(&mut env, |env| {
        let shape = Shape::of(&text(env, &sql)?)?;
        let packed = (shape.end_utf16.min(u32::MAX as usize) as u64)
            | (u64::from(shape.kind == Kind::Change) << 32)
            | (u64::from(shape.returning) << 33)
            | ((shape.statements.min(0xFFFF) as u64) << 40);
        Ok(packed as jlong)
    })
}

/// Returns the new statement's handle (INTEGER), its parameter count (INTEGER), its column count
/// (INTEGER), then per column its name (TEXT) and declared type (TEXT or NULL): everything a
/// driver needs in one crossing.
#[no_mangle]
pub extern "system" fn Java_dev_turso4j_bridge_Native_prepare<'l>(
    mut env: JNIEnv<'l>, _: JClass<'l>, conn: jlong, sql: JByteArray<'l>,
) -> jbyteArray {
    entry(&mut env, |env| {
        let stmt = CONNECTIONS.get(conn)?.prepare(&text(env, &sql)?)?;
        let columns = stmt.columns()?;
        let parameters = stmt.parameter_count();
        let mut out = Vec::with_capacity(32 + columns.len() * 24);
        value::integer(STATEMENTS.insert(stmt), &mut out);
        value::integer(parameters as i64, &mut out);
        value::integer(columns.len() as i64, &mut out);
        for (name, decl_type) in columns {
            value::text(&name, &mut out);
            value::optional_text(decl_type.as_deref(), &mut out);
        }
        byte_array(env, &out)
    })
}

// ---- statements ----

#[no_mangle]
pub extern "system" fn Java_dev_turso4j_bridge_Native_query<'l>(
    mut env: JNIEnv<'l>, _: JClass<'l>, stmt: jlong, params: JByteArray<'l>, params_len: jint, timeout_ms: jint,
    waiting_mode: jint, max_rows: jint, reuse: JByteArray<'l>, reuse_len: jint,
) -> jbyteArray {
    entry(&mut env, |env| {
        let stmt = STATEMENTS.get(stmt)?;
        with_buffer(&INPUT, |input| {
            read_into(env, &params, params_len, input)?;
            with_buffer(&OUTPUT, |out| {
                stmt.query(input, query_timeout(timeout_ms), waiting(waiting_mode)?, row_limit(max_rows), out)?;
                row_batch(env, out, &reuse, reuse_len)
            })
        })
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_turso4j_bridge_Native_fetch<'l>(
    mut env: JNIEnv<'l>, _: JClass<'l>, stmt: jlong, max_rows: jint, reuse: JByteArray<'l>, reuse_len: jint,
) -> jbyteArray {
    entry(&mut env, |env| {
        let stmt = STATEMENTS.get(stmt)?;
        with_buffer(&OUTPUT, |out| {
            stmt.fetch(row_limit(max_rows), out)?;
            row_batch(env, out, &reuse, reuse_len)
        })
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_turso4j_bridge_Native_execute<'l>(
    mut env: JNIEnv<'l>, _: JClass<'l>, stmt: jlong, params: JByteArray<'l>, params_len: jint, timeout_ms: jint,
    waiting_mode: jint,
) -> jlong {
    entry(&mut env, |env| {
        let stmt = STATEMENTS.get(stmt)?;
        with_buffer(&INPUT, |input| {
            read_into(env, &params, params_len, input)?;
            Ok(stmt.execute(input, query_timeout(timeout_ms), waiting(waiting_mode)?)? as jlong)
        })
    })
}

/// Runs every parameter set of `batch` (the first `batch_len` bytes), writing each change count
/// to `counts`. On an error, the counts of the executions that completed are written before the
/// exception is thrown; the rest of `counts` is left as the caller filled it.
#[no_mangle]
pub extern "system" fn Java_dev_turso4j_bridge_Native_executeBatch<'l>(
    mut env: JNIEnv<'l>, _: JClass<'l>, stmt: jlong, batch: JByteArray<'l>, batch_len: jint, timeout_ms: jint,
    counts: JLongArray<'l>,
) {
    entry(&mut env, |env| {
        let stmt = STATEMENTS.get(stmt)?;
        if counts.is_null() {
            return Err(Error::misuse("null argument (counts)"));
        }
        let capacity = env.get_array_length(&counts).map_err(jni_error)? as usize;
        with_buffer(&INPUT, |input| {
            read_into(env, &batch, batch_len, input)?;
            let size = crate::value::batch_elements(input).count();
            if size > capacity {
                return Err(Error::misuse(format!("{size} parameter sets, room for {capacity} counts")));
            }
            let mut done = Vec::with_capacity(size);
            let result = stmt.execute_batch(input, query_timeout(timeout_ms), &mut done);
            env.set_long_array_region(&counts, 0, &done).map_err(jni_error)?;
            result
        })
    })
}

/// Stops the connection's running script (`executeScript`); callable from any thread, a no-op when
/// none runs.
#[no_mangle]
pub extern "system" fn Java_dev_turso4j_bridge_Native_cancelScript<'l>(mut env: JNIEnv<'l>, _: JClass<'l>, conn: jlong) {
    entry(&mut env, |_| {
        if let Ok(conn) = CONNECTIONS.get(conn) {
            conn.interrupts.cancel_script();
        }
        Ok(())
    })
}

/// Stops the statement's current execution; callable from any thread, a no-op when it is idle or
/// closed.
#[no_mangle]
pub extern "system" fn Java_dev_turso4j_bridge_Native_cancel<'l>(mut env: JNIEnv<'l>, _: JClass<'l>, stmt: jlong) {
    entry(&mut env, |_| {
        if let Ok(stmt) = STATEMENTS.get(stmt) {
            stmt.cancel();
        }
        Ok(())
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_turso4j_bridge_Native_reset<'l>(mut env: JNIEnv<'l>, _: JClass<'l>, stmt: jlong) {
    entry(&mut env, |_| STATEMENTS.get(stmt)?.reset())
}

#[no_mangle]
pub extern "system" fn Java_dev_turso4j_bridge_Native_closeStatement<'l>(
    mut env: JNIEnv<'l>, _: JClass<'l>, stmt: jlong,
) {
    entry(&mut env, |_| {
        STATEMENTS.remove(stmt);
        Ok(())
    })
}

// ---- diagnostics ----

/// The version of the turso engine inside this library.
#[no_mangle]
pub extern "system" fn Java_dev_turso4j_bridge_Native_engineVersion<'l>(mut env: JNIEnv<'l>, _: JClass<'l>) -> jobject {
    entry(&mut env, |env| Ok(env.new_string(env!("TURSO_ENGINE_VERSION")).map_err(jni_error)?.into_raw()))
}

#[no_mangle]
pub extern "system" fn Java_dev_turso4j_bridge_Native_liveObjects<'l>(mut env: JNIEnv<'l>, _: JClass<'l>) -> jlong {
    entry(&mut env, |_| Ok(Live::count()))
}

/// The names of the error codes and details, in order (`ERROR,BUSY,...;NONE,UNIQUE,...`), for the
/// test that pins them to the Java enums.
#[no_mangle]
pub extern "system" fn Java_dev_turso4j_bridge_Native_errorTables<'l>(mut env: JNIEnv<'l>, _: JClass<'l>) -> jobject {
    entry(&mut env, |env| {
        let codes: Vec<String> = ErrorCode::ALL.iter().map(|c| constant_name(&format!("{c:?}"))).collect();
        let details: Vec<String> = Detail::ALL.iter().map(|d| constant_name(&format!("{d:?}"))).collect();
        let tables = format!("{};{}", codes.join(","), details.join(","));
        Ok(env.new_string(tables).map_err(jni_error)?.into_raw())
    })
}

/// `BusySnapshot` as Java spells its constants: `BUSY_SNAPSHOT`.
fn constant_name(rust_name: &str) -> String {
    let mut name = String::new();
    for (i, c) in rust_name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            name.push('_');
        }
        name.push(c.to_ascii_uppercase());
    }
    name
}

/// Deliberately panics, so tests can prove a panic becomes an exception instead of a JVM abort;
/// given a statement handle, it panics while running that statement, as an engine bug would.
#[no_mangle]
pub extern "system" fn Java_dev_turso4j_bridge_Native_panicForTest<'l>(mut env: JNIEnv<'l>, _: JClass<'l>, stmt: jlong) {
    entry(&mut env, |_| -> Result<()> {
        if stmt != 0 {
            STATEMENTS.get(stmt)?.panic_while_running();
        }
        panic!("panic requested by a test")
    })
}
