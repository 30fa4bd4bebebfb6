//! The sync engine's IO, served by us: HTTP requests to the remote with real timeouts, and whole-file
//! reads and writes of the replica's metadata.
//!
//! The engine asks for IO and waits for it without doing it (`SyncEngineIo`). Each HTTP request
//! runs as a task on the shared runtime, bounded by a connect timeout and a request timeout that
//! covers the whole exchange, body included; the task fills a `Completion` that the engine polls.
//! A request that fails or runs out of time fails its completion, and with it the sync operation.

use super::redact;
use super::RUNTIME;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::collections::VecDeque;
use std::io::Write;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::ThreadId;
use std::time::Duration;
use tokio::task::AbortHandle;
use turso_sync_engine::database_sync_engine_io::{DataCompletion, DataPollResult, SyncEngineIo};
use turso_sync_engine::errors::Error as SyncError;
use turso_sync_engine::types::{DatabaseRowMutation, DatabaseRowTransformResult};

/// Produces the auth token; called before every request, so a rotated token is picked up without a
/// restart. `Ok(None)` means no token. Its error text must not hold the secret.
pub type TokenSource = Arc<dyn Fn() -> std::result::Result<Option<String>, String> + Send + Sync>;

/// How long the way to the remote may take.
#[derive(Clone, Copy, Debug)]
pub struct Timeouts {
    /// Establishing the TCP connection.
    pub connect: Duration,
    /// One whole HTTP exchange: connecting, sending, and receiving the whole answer.
    pub request: Duration,
}

/// The most of an error answer's body that is read (the engine puts it in its message; a proxy may
/// answer with megabytes).
const ERROR_BODY_LIMIT: usize = 64 * 1024;

type HttpClient = Client<HttpsConnector<HttpConnector>, Full<Bytes>>;

pub struct Remote {
    base_url: String,
    tokens: Option<TokenSource>,
    timeouts: Timeouts,
    client: HttpClient,
    pub progress: Arc<Progress>,
    /// Requests still running, by the thread whose operation asked for them: operations run on
    /// their callers' threads, and one (a pull) must not be stopped by another (a new connection).
    in_flight: Mutex<Vec<(ThreadId, AbortHandle)>>,
    callbacks: Mutex<Vec<Box<dyn FnMut() -> bool + Send>>>,
}

impl Remote {
    /// `url` is the remote database (`libsql://`, `turso://`, `https://` or `http://`).
    pub fn new(url: &str, tokens: Option<TokenSource>, timeouts: Timeouts) -> Result<Remote, String> {
        let base_url = base_url(url)?;
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(Some(timeouts.connect));
        let tls = hyper_rustls::HttpsConnectorBuilder::new().with_native_roots().map_err(|e| {
            format!("cannot load the system's root certificates for TLS ({e}); install ca-certificates")
        })?;
        let connector = tls.https_or_http().enable_http1().wrap_connector(http);
        let client = Client::builder(TokioExecutor::new()).build(connector);
        Ok(Remote {
            base_url,
            tokens,
            timeouts,
            client,
            progress: Arc::default(),
            in_flight: Mutex::default(),
            callbacks: Mutex::default(),
        })
    }

    /// Whether a request of the operation running on this thread is still out.
    pub fn is_busy(&self) -> bool {
        let me = std::thread::current().id();
        lock(&self.in_flight).iter().any(|(thread, task)| *thread == me && !task.is_finished())
    }

    /// Stops the requests of the operation running on this thread: it is over.
    pub fn abort_in_flight(&self) {
        let me = std::thread::current().id();
        lock(&self.in_flight).retain(|(thread, task)| {
            if *thread == me {
                task.abort();
            }
            *thread != me
        });
    }

    /// The token for the next request. A provider that gives none fails the request: it is
    /// misconfigured, and a request without a token would only be refused.
    fn token(&self) -> Result<Option<String>, SyncError> {
        let Some(tokens) = &self.tokens else { return Ok(None) };
        match tokens() {
            Ok(Some(token)) => Ok(Some(token)),
            Ok(None) => Err(SyncError::DatabaseSyncEngineError("the auth token provider returned no token".into())),
            Err(reason) => Err(SyncError::DatabaseSyncEngineError(format!("auth token provider failed: {reason}"))),
        }
    }
}

/// `libsql://` and `turso://` are HTTPS; anything but HTTP(S) is refused. No trailing slash.
fn base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let url = match url.split_once("://") {
        Some(("libsql" | "turso", rest)) => format!("https://{rest}"),
        Some(("http" | "https", _)) => url.to_owned(),
        _ => return Err(format!("unsupported remote URL {} (use libsql://, https:// or http://)", redact::url_origin(url))),
    };
    Ok(url.trim_end_matches('/').to_owned())
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Counts IO events (an answer's status, a chunk of its body, its end or failure), so the thread
/// driving a sync operation sleeps until there is something new for the engine.
#[derive(Default)]
pub struct Progress {
    events: Mutex<u64>,
    changed: Condvar,
}

impl Progress {
    pub fn events(&self) -> u64 {
        *lock(&self.events)
    }

    fn advance(&self) {
        *lock(&self.events) += 1;
        self.changed.notify_all();
    }

    /// Waits until an event after `seen` happened, or `limit` passed.
    pub fn wait_past(&self, seen: u64, limit: Duration) {
        let events = lock(&self.events);
        drop(self.changed.wait_timeout_while(events, limit, |events| *events == seen));
    }
}

/// One request's answer as it arrives: status, body chunks, then done, or a failure.
#[derive(Clone)]
pub struct Completion {
    answer: Arc<Mutex<Answer>>,
    progress: Arc<Progress>,
}

#[derive(Default)]
struct Answer {
    status: Option<u16>,
    chunks: VecDeque<Bytes>,
    done: bool,
    failure: Option<String>,
}

impl Completion {
    fn new(progress: Arc<Progress>) -> Self {
        Completion { answer: Arc::default(), progress }
    }

    /// A completion that already holds all of its data.
    fn finished(progress: Arc<Progress>, data: Option<Bytes>) -> Self {
        let completion = Self::new(progress);
        completion.update(|answer| {
            answer.chunks.extend(data);
            answer.done = true;
        });
        completion
    }

    fn update(&self, change: impl FnOnce(&mut Answer)) {
        change(&mut lock(&self.answer));
        self.progress.advance();
    }

    fn fail(&self, reason: String) {
        self.update(|answer| answer.failure = Some(reason));
    }

    fn is_finished(&self) -> bool {
        let answer = lock(&self.answer);
        answer.done || answer.failure.is_some()
    }

    /// The answer, or the failure once there is one.
    fn answer(&self) -> turso_sync_engine::Result<MutexGuard<'_, Answer>> {
        let answer = lock(&self.answer);
        match &answer.failure {
            Some(reason) => Err(SyncError::DatabaseSyncEngineError(reason.clone())),
            None => Ok(answer),
        }
    }
}

pub struct Chunk(Bytes);

impl DataPollResult<u8> for Chunk {
    fn data(&self) -> &[u8] {
        &self.0
    }
}

impl DataCompletion<u8> for Completion {
    type DataPollResult = Chunk;

    fn status(&self) -> turso_sync_engine::Result<Option<u16>> {
        Ok(self.answer()?.status)
    }

    fn poll_data(&self) -> turso_sync_engine::Result<Option<Chunk>> {
        Ok(self.answer()?.chunks.pop_front().map(Chunk))
    }

    fn is_done(&self) -> turso_sync_engine::Result<bool> {
        Ok(self.answer()?.done)
    }
}

/// Row transformations are an engine option we leave off.
pub struct NoTransform;

impl DataPollResult<DatabaseRowTransformResult> for NoTransform {
    fn data(&self) -> &[DatabaseRowTransformResult] {
        &[]
    }
}

impl DataCompletion<DatabaseRowTransformResult> for NoTransform {
    type DataPollResult = NoTransform;

    fn status(&self) -> turso_sync_engine::Result<Option<u16>> {
        Ok(None)
    }

    fn poll_data(&self) -> turso_sync_engine::Result<Option<NoTransform>> {
        Ok(None)
    }

    fn is_done(&self) -> turso_sync_engine::Result<bool> {
        Ok(true)
    }
}

impl SyncEngineIo for Remote {
    type DataCompletionBytes = Completion;
    type DataCompletionTransform = NoTransform;

    /// A missing file reads as empty, which the engine takes for "not there".
    fn full_read(&self, path: &str) -> turso_sync_engine::Result<Completion> {
        match std::fs::read(path) {
            Ok(content) => Ok(Completion::finished(self.progress.clone(), Some(content.into()))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Completion::finished(self.progress.clone(), None)),
            Err(e) => Err(SyncError::IoError(format!("cannot read {path}: {e}"))),
        }
    }

    /// Atomic: the new content goes to a temporary file, reaches the disk, then replaces the old
    /// one, so a crash leaves either the old metadata or the new, never half of it.
    fn full_write(&self, path: &str, content: Vec<u8>) -> turso_sync_engine::Result<Completion> {
        write_atomically(path, &content).map_err(|e| SyncError::IoError(format!("cannot write {path}: {e}")))?;
        Ok(Completion::finished(self.progress.clone(), None))
    }

    fn transform(&self, _mutations: Vec<DatabaseRowMutation>) -> turso_sync_engine::Result<NoTransform> {
        Err(SyncError::DatabaseSyncEngineError("row transformations are not enabled".into()))
    }

    fn http(
        &self,
        url: Option<&str>,
        method: &str,
        path: &str,
        body: Option<Vec<u8>>,
        headers: &[(&str, &str)],
    ) -> turso_sync_engine::Result<Completion> {
        let request_error = |e: &dyn std::fmt::Display| SyncError::DatabaseSyncEngineError(format!("invalid request: {e}"));
        let target = if path.starts_with("http://") || path.starts_with("https://") {
            path.to_owned()
        } else {
            // The configured remote wins over the one the metadata remembers.
            let base = if self.base_url.is_empty() { url.unwrap_or_default() } else { &self.base_url };
            format!("{base}/{}", path.trim_start_matches('/'))
        };
        let token = self.token()?;
        let mut request = hyper::Request::builder().method(method).uri(&target);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(token) = &token {
            request = request.header(hyper::header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let request = request.body(Full::new(Bytes::from(body.unwrap_or_default()))).map_err(|e| request_error(&e))?;
        let completion = Completion::new(self.progress.clone());
        let exchange = Exchange {
            client: self.client.clone(),
            timeouts: self.timeouts,
            origin: redact::url_origin(&target),
            completion: completion.clone(),
            token,
        };
        let task = RUNTIME.spawn(exchange.run(request));
        let mut in_flight = lock(&self.in_flight);
        in_flight.retain(|(_, task)| !task.is_finished());
        in_flight.push((std::thread::current().id(), task.abort_handle()));
        Ok(completion)
    }

    fn add_io_callback(&self, callback: Box<dyn FnMut() -> bool + Send>) {
        lock(&self.callbacks).push(callback);
    }

    /// Runs the callbacks the engine registered; those that say they are done are dropped.
    fn step_io_callbacks(&self) {
        let mut callbacks = std::mem::take(&mut *lock(&self.callbacks));
        callbacks.retain_mut(|callback| !callback());
        lock(&self.callbacks).extend(callbacks);
    }
}

fn write_atomically(path: &str, content: &[u8]) -> std::io::Result<()> {
    let target = std::path::Path::new(path);
    let temporary = target.with_extension(format!("tmp-{}", std::process::id()));
    let mut file = std::fs::File::create(&temporary)?;
    file.write_all(content)?;
    file.sync_all()?;
    std::fs::rename(&temporary, target)?;
    if let Some(folder) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::File::open(folder)?.sync_all()?;
    }
    Ok(())
}

/// One HTTP exchange, run on the runtime, reporting into its completion.
struct Exchange {
    client: HttpClient,
    timeouts: Timeouts,
    origin: String,
    completion: Completion,
    /// Kept only to scrub it from an error answer that echoes the request.
    token: Option<String>,
}

impl Exchange {
    async fn run(self, request: hyper::Request<Full<Bytes>>) {
        let outcome = tokio::time::timeout(self.timeouts.request, self.exchange(request)).await;
        let failure = match outcome {
            Ok(Ok(())) => None,
            Ok(Err(reason)) => Some(reason),
            Err(_) => Some(format!("no complete answer within the request timeout ({} ms)", self.timeouts.request.as_millis())),
        };
        match failure {
            Some(reason) => self.completion.fail(format!("request to {} failed: {reason}", self.origin)),
            None => self.completion.update(|answer| answer.done = true),
        }
    }

    async fn exchange(&self, request: hyper::Request<Full<Bytes>>) -> Result<(), String> {
        let response = self.client.request(request).await.map_err(|e| describe(&e, self.timeouts))?;
        let status = response.status();
        self.completion.update(|answer| answer.status = Some(status.as_u16()));
        let mut body = response.into_body();
        let mut error_body = Vec::new();
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| format!("the answer broke off ({})", root_cause(&e)))?;
            let Ok(data) = frame.into_data() else { continue };
            if status.is_success() {
                self.completion.update(|answer| answer.chunks.push_back(data));
            } else {
                error_body.extend_from_slice(&data[..data.len().min(ERROR_BODY_LIMIT - error_body.len())]);
                if error_body.len() == ERROR_BODY_LIMIT {
                    break; // the rest is dropped with the connection
                }
            }
        }
        if !status.is_success() && !error_body.is_empty() {
            let text = String::from_utf8_lossy(&error_body);
            let secrets: Vec<&str> = self.token.as_deref().into_iter().collect();
            let text = redact::remote_text_without(&text, &secrets);
            self.completion.update(|answer| answer.chunks.push_back(Bytes::from(text)));
        }
        Ok(())
    }
}

/// A request stopped half-way (its operation ended, or its task panicked) fails its completion, so
/// nobody waits for it.
impl Drop for Exchange {
    fn drop(&mut self) {
        if !self.completion.is_finished() {
            self.completion.fail(format!("request to {} was abandoned", self.origin));
        }
    }
}

/// Why a request got no answer, in words that hold no URL or secret.
fn describe(error: &hyper_util::client::legacy::Error, timeouts: Timeouts) -> String {
    let timed_out = causes(error)
        .any(|cause| cause.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::TimedOut));
    match (error.is_connect(), timed_out) {
        (true, true) => format!("could not connect within the connect timeout ({} ms)", timeouts.connect.as_millis()),
        (true, false) => format!("could not connect ({})", root_cause(error)),
        _ => format!("the connection failed ({})", root_cause(error)),
    }
}

fn causes<'a>(error: &'a (dyn std::error::Error + 'static)) -> impl Iterator<Item = &'a (dyn std::error::Error + 'static)> {
    std::iter::successors(Some(error), |e| e.source())
}

fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let cause = causes(error).last().unwrap_or(error);
    redact::remote_text(&cause.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_urls_become_http_base_urls() {
        assert_eq!(base_url("libsql://db-org.turso.io/").unwrap(), "https://db-org.turso.io");
        assert_eq!(base_url(" http://127.0.0.1:8080 ").unwrap(), "http://127.0.0.1:8080");
        let refused = base_url("ftp://user:secret@host/x").unwrap_err();
        assert!(refused.contains("ftp://host") && !refused.contains("secret"), "{refused}");
    }

    #[test]
    fn metadata_writes_replace_the_file_whole() {
        let dir = std::env::temp_dir().join(format!("turso4j-remote-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("db-info");
        write_atomically(path.to_str().unwrap(), b"first").unwrap();
        write_atomically(path.to_str().unwrap(), b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1, "no temporary file is left behind");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
