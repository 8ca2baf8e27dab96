//! The connections of `serve` (the only file that imports hyper): the
//! accept loop, a timeout for request headers, and caps on how many
//! connections are open at once, so idle or half-sent ones cannot use up
//! the process's file descriptors and starve real requests.
//!
//! A connection waits at most `header_timeout` for each request's headers:
//! a half-sent request, or a keep-alive connection left idle, is closed
//! then. Page connections and event streams (long-lived by design) are
//! capped separately. When the page connections are full, the one idle
//! longest (no request in progress) is closed to make room; a full set of
//! event streams loses its oldest, whose browser reconnects and, comparing
//! generations, misses nothing.

use super::http::{handle, settled, waitable_path};
use super::live_reload::EVENTS_PATH;
use super::site_snapshot::SharedState;
use axum::body::{Body, Bytes};
use axum::http::StatusCode;
use http_body::{Frame, SizeHint};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::HashMap;
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// How many connections `serve` keeps and how long it waits for headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ConnectionLimits {
    /// Longest wait for the headers of a request, and for the next request
    /// on an idle keep-alive connection.
    pub header_timeout: Duration,
    /// Open connections for pages and files.
    pub page_connections: usize,
    /// Open live-reload event streams.
    pub event_streams: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits { header_timeout: Duration::from_secs(10), page_connections: 64, event_streams: 16 }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Page,
    Stream,
}

struct Entry {
    kind: Kind,
    /// Requests whose response is not yet fully handed to hyper.
    busy: usize,
    idle_since: Instant,
    closing: bool,
    close: Arc<Notify>,
}

#[derive(Default)]
struct Connections {
    next_id: u64,
    entries: HashMap<u64, Entry>,
}

impl Connections {
    fn count(&self, kind: Kind) -> usize {
        self.entries.values().filter(|e| e.kind == kind).count()
    }

    fn open(&self, kind: Kind) -> usize {
        self.entries.values().filter(|e| e.kind == kind && !e.closing).count()
    }

    /// Closes the connection of `kind` idle longest; streams are always busy,
    /// so for them the oldest goes.
    fn evict_oldest(&mut self, kind: Kind) -> bool {
        let oldest = self
            .entries
            .iter_mut()
            .filter(|(_, e)| e.kind == kind && !e.closing && (e.busy == 0 || kind == Kind::Stream))
            .min_by_key(|(id, e)| (e.idle_since, **id));
        match oldest {
            Some((_, entry)) => {
                entry.closing = true;
                entry.close.notify_one();
                true
            }
            None => false,
        }
    }
}

/// Every open connection; shared by the accept loop and the connections.
#[derive(Default)]
struct Registry {
    connections: Mutex<Connections>,
    /// Something changed that may make room for a new connection.
    changed: Notify,
}

impl Registry {
    fn lock(&self) -> MutexGuard<'_, Connections> {
        self.connections.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Waits until a page connection may be accepted, closing the one idle
    /// longest when they are all taken.
    async fn wait_for_room(&self, limit: usize) {
        loop {
            {
                let mut connections = self.lock();
                if connections.count(Kind::Page) < limit {
                    return;
                }
                if connections.open(Kind::Page) >= limit {
                    connections.evict_oldest(Kind::Page);
                }
            }
            // `notify_one` keeps a permit, so a change made after the check
            // above still wakes this.
            self.changed.notified().await;
        }
    }

    fn register(&self) -> (u64, Arc<Notify>) {
        let mut connections = self.lock();
        let id = connections.next_id;
        connections.next_id += 1;
        let close = Arc::new(Notify::new());
        let entry =
            Entry { kind: Kind::Page, busy: 0, idle_since: Instant::now(), closing: false, close: close.clone() };
        connections.entries.insert(id, entry);
        (id, close)
    }

    fn remove(&self, id: u64) {
        self.lock().entries.remove(&id);
        self.changed.notify_one();
    }

    fn start_request(self: &Arc<Self>, id: u64) -> Busy {
        if let Some(entry) = self.lock().entries.get_mut(&id) {
            entry.busy += 1;
        }
        Busy { registry: self.clone(), id }
    }

    /// The connection now carries an event stream.
    fn became_stream(&self, id: u64, limit: usize) {
        {
            let mut connections = self.lock();
            if let Some(entry) = connections.entries.get_mut(&id) {
                entry.kind = Kind::Stream;
                entry.idle_since = Instant::now();
            }
            if connections.open(Kind::Stream) > limit {
                connections.evict_oldest(Kind::Stream);
            }
        }
        self.changed.notify_one();
    }
}

/// A request in progress; dropped when its response body was handed over.
struct Busy {
    registry: Arc<Registry>,
    id: u64,
}

impl Drop for Busy {
    fn drop(&mut self) {
        if let Some(entry) = self.registry.lock().entries.get_mut(&self.id) {
            entry.busy = entry.busy.saturating_sub(1);
            entry.idle_since = Instant::now();
        }
        self.registry.changed.notify_one();
    }
}

/// A response body that keeps its connection marked busy until it is sent.
struct Tracked {
    inner: Body,
    busy: Option<Busy>,
}

impl http_body::Body for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.inner).poll_frame(cx);
        if matches!(polled, Poll::Ready(None | Some(Err(_)))) {
            this.busy = None;
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Accepts connections and serves them until the task is dropped.
pub(crate) async fn run(listener: TcpListener, state: Arc<SharedState>, limits: ConnectionLimits) {
    let registry = Arc::new(Registry::default());
    loop {
        registry.wait_for_room(limits.page_connections.max(1)).await;
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors (or a connection reset before it
                // was accepted): free one and try again shortly.
                registry.lock().evict_oldest(Kind::Page);
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let slot = registry.register();
        tokio::spawn(serve_connection(stream, state.clone(), registry.clone(), slot, limits));
    }
}

/// Serves one connection until it closes or the registry closes it; `slot`
/// is its id in the registry and the signal that closes it.
async fn serve_connection(
    stream: TcpStream,
    state: Arc<SharedState>,
    registry: Arc<Registry>,
    (id, close): (u64, Arc<Notify>),
    limits: ConnectionLimits,
) {
    let service_registry = registry.clone();
    let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
        let busy = service_registry.start_request(id);
        let (state, registry) = (state.clone(), service_registry.clone());
        async move {
            let request = request.map(Body::new);
            let path = waitable_path(&state, &request);
            settled(&state, path).await;
            let response = handle(&state, &request);
            if request.uri().path() == EVENTS_PATH && response.status() == StatusCode::OK {
                registry.became_stream(id, limits.event_streams.max(1));
            }
            Ok::<_, Infallible>(response.map(|inner| Tracked { inner, busy: Some(busy) }))
        }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout);
    let connection = builder.serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        _ = connection => {}
        () = close.notified() => {}
    }
    registry.remove(id);
}
