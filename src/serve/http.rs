//! Answering one request of `serve`: files of the build from memory, the
//! site's 404 page, the live-reload script and event stream, the dashboard
//! at `/__dermis/`, and the overlay page while no build has succeeded.
//! Refuses foreign or repeated `Host` headers (DNS rebinding), foreign
//! `Origin`s on the event stream, methods other than GET and HEAD,
//! absolute-form request targets and traversal; never sends `Access-Control-Allow-Origin`. Connections are
//! the business of `connections.rs`.

use super::dashboard::DASHBOARD_PATH;
use super::live_reload::{CLIENT_SCRIPT, EVENTS_PATH, SCRIPT_PATH, build_event_data, inject, no_build_page};
use super::request_path::{content_type, folder_location, site_key};
use super::site_snapshot::SharedState;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use std::convert::Infallible;
use std::time::Duration;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::WatchStream;

fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut response = (status, text).into_response();
    no_store(response.headers_mut());
    response
}

fn no_store(headers: &mut HeaderMap) {
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

/// The longest a request for a search file waits for the build's search
/// part (about a second at 10,000 articles; a site 100 times larger would
/// take longer than anyone waits).
const SEARCH_WAIT: Duration = Duration::from_secs(60);

/// Returns once the build served has what `path` asks for: at once, but
/// for a search file while the build's search part is being made, which
/// waits until the part is added, fails, or a newer build replaces it.
/// The path a request may wait for ([`settled`]): none for a request that
/// will be refused (another host, another method), which never waits.
pub(crate) fn waitable_path(state: &SharedState, request: &Request) -> Option<String> {
    refusal(state, request).is_none().then(|| request.uri().path().to_string())
}

/// [`waitable_path`] gives the path.
pub(crate) async fn settled(state: &SharedState, path: Option<String>) {
    let Some(path) = path else { return };
    let Ok(key) = site_key(&path) else { return };
    let mut builds = state.subscribe();
    let waited = tokio::time::timeout(SEARCH_WAIT, async {
        while builds.borrow_and_update().waits_for(&key) {
            if builds.changed().await.is_err() {
                return;
            }
        }
    });
    let _ = waited.await;
}

/// The answer to one request.
pub(crate) fn handle(state: &SharedState, request: &Request) -> Response {
    if let Some(refused) = refusal(state, request) {
        return refused;
    }
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let head = method == Method::HEAD;
    let response = match path.as_str() {
        EVENTS_PATH => events(state, request.headers()),
        SCRIPT_PATH => {
            file_response(StatusCode::OK, "text/javascript; charset=utf-8", CLIENT_SCRIPT.as_bytes().to_vec())
        }
        DASHBOARD_PATH | "/__dermis/index.html" => dashboard(state),
        "/__dermis" => {
            let mut response = plain(StatusCode::PERMANENT_REDIRECT, "");
            response.headers_mut().insert(header::LOCATION, HeaderValue::from_static(DASHBOARD_PATH));
            response
        }
        // The folder is dermis's own: content cannot claim it (build refuses it).
        _ if path.starts_with(DASHBOARD_PATH) => plain(StatusCode::NOT_FOUND, "not a page of dermis serve\n"),
        _ => site_file(state, &path),
    };
    if head { strip_body(response) } else { response }
}

/// The answer to a request refused before anything is looked up: a method
/// other than GET and HEAD, an absolute-form target, no `Host` header, two
/// of them, or another host's (DNS rebinding).
fn refusal(state: &SharedState, request: &Request) -> Option<Response> {
    let method = request.method();
    if method != Method::GET && method != Method::HEAD {
        let mut response = plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return Some(response);
    }
    if request.uri().authority().is_some() || request.uri().scheme().is_some() {
        return Some(plain(StatusCode::BAD_REQUEST, "absolute-form request targets are not served\n"));
    }
    let mut hosts = request.headers().get_all(header::HOST).iter();
    let host = hosts.next().and_then(|h| h.to_str().ok()).map(str::to_ascii_lowercase);
    if hosts.next().is_some() {
        return Some(plain(StatusCode::BAD_REQUEST, "only one Host header is allowed\n"));
    }
    match host {
        None => Some(plain(StatusCode::BAD_REQUEST, "a Host header is required\n")),
        Some(h) if !state.allowed_hosts.contains(&h) => {
            Some(plain(StatusCode::FORBIDDEN, "this server only answers to its own address\n"))
        }
        Some(_) => None,
    }
}

fn strip_body(response: Response) -> Response {
    let (parts, _) = response.into_parts();
    Response::from_parts(parts, Body::empty())
}

fn file_response(status: StatusCode, content_type: &str, body: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    if let Ok(value) = HeaderValue::from_str(content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    no_store(response.headers_mut());
    response
}

fn site_file(state: &SharedState, path: &str) -> Response {
    let Ok(key) = site_key(path) else {
        return plain(StatusCode::BAD_REQUEST, "bad request path\n");
    };
    let snapshot = state.snapshot();
    let overlay = snapshot.overlay.as_deref().map(String::as_str);
    let Some(site) = snapshot.site.as_deref() else {
        // No build has succeeded: there is nothing to serve but the errors.
        let page = no_build_page(overlay, &snapshot.stamp);
        return file_response(StatusCode::SERVICE_UNAVAILABLE, "text/html; charset=utf-8", page);
    };
    if let Some(bytes) = site.get(&key) {
        let kind = content_type(&key);
        let body = if kind.starts_with("text/html") { inject(bytes, overlay, &snapshot.stamp) } else { bytes.to_vec() };
        return file_response(StatusCode::OK, &kind, body);
    }
    // `/methods/peels` → `/methods/peels/`, so relative URLs in the page work.
    if !path.ends_with('/') && site.get(&format!("{key}/index.html")).is_some() {
        let mut response = plain(StatusCode::PERMANENT_REDIRECT, "");
        if let Ok(location) = HeaderValue::from_str(&folder_location(path)) {
            response.headers_mut().insert(header::LOCATION, location);
        }
        return response;
    }
    let page = site.get("404.html").map_or_else(
        || b"<!DOCTYPE html><title>Not found</title><body><h1>Not found</h1></body>".to_vec(),
        <[u8]>::to_vec,
    );
    file_response(StatusCode::NOT_FOUND, "text/html; charset=utf-8", inject(&page, overlay, &snapshot.stamp))
}

/// The dashboard of the current build, with the live-reload script (so it
/// refreshes with every build) and never the overlay: it lists the errors itself.
fn dashboard(state: &SharedState) -> Response {
    let snapshot = state.snapshot();
    let page = inject(snapshot.dashboard().as_bytes(), None, &snapshot.stamp);
    file_response(StatusCode::OK, "text/html; charset=utf-8", page)
}

/// The event stream; only for pages of this server (`Origin` checked).
fn events(state: &SharedState, headers: &HeaderMap) -> Response {
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("").to_ascii_lowercase();
        let host = origin.strip_prefix("http://").unwrap_or("");
        if !state.allowed_hosts.iter().any(|h| h == host) {
            return plain(StatusCode::FORBIDDEN, "foreign origin\n");
        }
    }
    // The current build first, then every newer one: a client compares
    // them with the build of its page, so nothing is lost between the page
    // load and the connection, or while the stream was down.
    // A build's search part, added later, is the same build: not sent again.
    let mut last = None;
    let builds = WatchStream::new(state.subscribe()).filter_map(move |snapshot| {
        if last.as_ref() == Some(&snapshot.stamp) {
            return None;
        }
        last = Some(snapshot.stamp.clone());
        Some(Ok::<_, Infallible>(
            Event::default().event("build").data(build_event_data(&snapshot.stamp)).retry(Duration::from_millis(500)),
        ))
    });
    let mut response = Sse::new(builds).keep_alive(KeepAlive::default()).into_response();
    no_store(response.headers_mut());
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::OutputFile;
    use crate::serve::{BuildReport, LiveEvent, ServedSite};

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile::bytes(path, text.as_bytes().to_vec(), crate::render::Origin::generated("a test"))
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
    }

    /// Lets the spawned tasks run until none can go on.
    async fn settle_tasks() {
        for _ in 0..20 {
            tokio::task::yield_now().await;
        }
    }

    fn body_of(state: &SharedState, path: &str) -> (StatusCode, Vec<u8>) {
        let request = Request::builder().uri(path).header(header::HOST, "h").body(Body::empty()).unwrap();
        let response = handle(state, &request);
        let status = response.status();
        let bytes = runtime().block_on(axum::body::to_bytes(response.into_body(), usize::MAX)).unwrap();
        (status, bytes.to_vec())
    }

    #[test]
    fn a_request_for_a_search_file_waits_until_the_search_part_is_added() {
        let state = SharedState::new(vec!["h".into()]);
        let site = ServedSite::from_files(vec![file("index.html", "home")]).unwrap();
        let generation = state.publish(site, LiveEvent::Reload, BuildReport::default(), true);
        assert!(state.snapshot().waits_for("search/p/0.bin"));
        assert!(!state.snapshot().waits_for("index.html"), "the pages are served at once");
        assert!(!state.snapshot().waits_for("missing/index.html"), "only search files wait");
        runtime().block_on(async {
            let waiting = tokio::spawn({
                let state = state.clone();
                async move { settled(&state, Some("/search/p/0.bin".into())).await }
            });
            let page = tokio::spawn({
                let state = state.clone();
                async move { settled(&state, Some("/".into())).await }
            });
            settle_tasks().await;
            assert!(page.is_finished(), "a page does not wait for the search");
            assert!(!waiting.is_finished(), "the search file is not made yet");
            // Another build's search part is not this one's.
            assert!(!state.add_search(generation + 1, vec![file("search/p/0.bin", "old")], Vec::new()).unwrap());
            settle_tasks().await;
            assert!(!waiting.is_finished());
            assert!(state.add_search(generation, vec![file("search/p/0.bin", "index")], Vec::new()).unwrap());
            waiting.await.unwrap();
        });
        assert_eq!(body_of(&state, "/search/p/0.bin"), (StatusCode::OK, b"index".to_vec()));
        assert_eq!(state.snapshot().stamp.generation, generation, "the same build, so no reload");
        assert!(!state.snapshot().search_pending);
    }

    #[test]
    fn a_request_that_will_be_refused_never_waits() {
        let state = SharedState::new(vec!["h".into()]);
        let request = |host: &str| Request::builder().uri("/search/").header(header::HOST, host).body(Body::empty());
        assert_eq!(waitable_path(&state, &request("h").unwrap()), Some("/search/".to_string()));
        assert_eq!(waitable_path(&state, &request("evil.example").unwrap()), None, "another host");
        let post = Request::builder().method(Method::POST).uri("/search/").header(header::HOST, "h");
        assert_eq!(waitable_path(&state, &post.body(Body::empty()).unwrap()), None, "another method");
    }

    #[test]
    fn a_search_part_that_replaces_a_page_makes_browsers_reload() {
        let state = SharedState::new(vec!["h".into()]);
        let site = || ServedSite::from_files(vec![file("draft/index.html", "old banner")]).unwrap();
        let first = state.publish(site(), LiveEvent::Reload, BuildReport::default(), true);
        assert!(state.add_search(first, vec![file("search/index.html", "s")], Vec::new()).unwrap());
        assert_eq!(state.snapshot().stamp.reload, first, "search files alone: no reload");
        let second = state.publish(site(), LiveEvent::Reload, BuildReport::default(), true);
        let files = vec![file("search/index.html", "s"), file("draft/index.html", "new banner")];
        assert!(state.add_search(second, files, Vec::new()).unwrap());
        let stamp = state.snapshot().stamp.clone();
        assert!(stamp.reload > second && stamp.reload == stamp.generation, "{stamp:?}");
        let (status, body) = body_of(&state, "/draft/");
        assert_eq!(status, StatusCode::OK);
        assert!(body.starts_with(b"new banner"), "the page the part made again is served");
    }

    #[test]
    fn a_failed_search_part_or_a_newer_build_ends_the_wait() {
        let state = SharedState::new(vec!["h".into()]);
        let site = || ServedSite::from_files(vec![file("index.html", "home")]).unwrap();
        let first = state.publish(site(), LiveEvent::Reload, BuildReport::default(), true);
        runtime().block_on(async {
            let waiting = tokio::spawn({
                let state = state.clone();
                async move { settled(&state, Some("/search/".into())).await }
            });
            settle_tasks().await;
            assert!(!waiting.is_finished());
            // A newer build, its search part pending too: still waiting.
            let second = state.publish(site(), LiveEvent::Reload, BuildReport::default(), true);
            settle_tasks().await;
            assert!(!waiting.is_finished());
            assert!(!state.fail_search(first, Vec::new(), None), "the first build is not served");
            assert!(state.fail_search(second, Vec::new(), None));
            waiting.await.unwrap();
        });
        assert!(state.snapshot().overlay.is_some(), "the errors are shown");
        assert_eq!(body_of(&state, "/search/").0, StatusCode::NOT_FOUND);
    }
}
