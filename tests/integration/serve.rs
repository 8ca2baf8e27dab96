//! `dermis serve` over real HTTP on 127.0.0.1 (port 0): pages from memory,
//! security checks, connection limits, file edits of every kind, the error
//! overlay, generations in pages and the event stream, bursts.
//!
//! Nothing here sleeps or watches a fixed window: tests wait for the next
//! build on the event stream (or for a line of output) under a generous
//! deadline, so they hold on a loaded machine.

use crate::site_test::SiteTest;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Longest wait for anything the server does (a build on a busy machine).
const PATIENCE: Duration = Duration::from_secs(120);

/// Lines the server printed, and a signal for each new one.
#[derive(Default)]
struct Printed {
    lines: Mutex<Vec<String>>,
    more: Condvar,
}

/// A running `dermis serve` on a temporary copy of a fixture.
pub(crate) struct Server {
    child: Child,
    pub(crate) port: u16,
    printed: Arc<Printed>,
    pub(crate) site: SiteTest,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One `build` event: which build the server serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Build {
    server: String,
    pub(crate) generation: u64,
    reload: u64,
}

/// A live-reload event stream, read as a browser would.
pub(crate) struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// The next `build` event (the first one is the current build).
    pub(crate) fn next_build(&mut self) -> Build {
        let mut line = String::new();
        let mut in_build = false;
        loop {
            line.clear();
            let read = self.reader.read_line(&mut line).expect("the event stream stalled");
            assert!(read > 0, "the event stream closed");
            let line = line.trim_end();
            if line == "event: build" {
                in_build = true;
            } else if let Some(data) = line.strip_prefix("data: ")
                && in_build
            {
                let value: serde_json::Value = serde_json::from_str(data).unwrap();
                return Build {
                    server: value["server"].as_str().unwrap().to_string(),
                    generation: value["generation"].as_u64().unwrap(),
                    reload: value["reload"].as_u64().unwrap(),
                };
            }
        }
    }

    /// Reads until the server closes the stream (true) or the deadline
    /// passes (false); keep-alive comments arrive every 15 s meanwhile.
    fn closed(&mut self) -> bool {
        let start = Instant::now();
        let mut line = String::new();
        while start.elapsed() < PATIENCE {
            line.clear();
            match self.reader.read_line(&mut line) {
                Ok(0) => return true,
                Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                    return false;
                }
                Err(_) => return true,
                Ok(_) => {}
            }
        }
        false
    }
}

impl Server {
    pub(crate) fn start(fixture: &str) -> Server {
        Server::start_site(SiteTest::from_fixture(fixture))
    }

    pub(crate) fn start_site(site: SiteTest) -> Server {
        Server::start_site_with(site, &[])
    }

    /// `dermis serve --port 0 ARGS` on `site`.
    pub(crate) fn start_site_with(site: SiteTest, args: &[&str]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_dermis"));
        // A developer's own editor URL must not change what tests see.
        command.args(["serve", "--port", "0"]).args(args).env_remove("DERMIS_EDITOR_URL");
        Server::spawn(site, command)
    }

    pub(crate) fn spawn(site: SiteTest, mut command: Command) -> Server {
        let mut child = command
            .current_dir(&site.root)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let printed = Arc::new(Printed::default());
        let (tx, rx) = std::sync::mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let sink = printed.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                    let _ = tx.send(
                        rest.trim_end_matches(|c: char| !c.is_ascii_digit())
                            .split('/')
                            .next()
                            .unwrap_or("")
                            .to_string(),
                    );
                }
                sink.lines.lock().unwrap().push(line);
                sink.more.notify_all();
            }
        });
        let stderr = child.stderr.take().unwrap();
        let sink = printed.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lines.lock().unwrap().push(line);
                sink.more.notify_all();
            }
        });
        let port = rx.recv_timeout(PATIENCE);
        let Ok(port) = port else {
            let _ = child.kill();
            panic!("server did not start:\n{}", printed.lines.lock().unwrap().join("\n"));
        };
        Server { child, port: port.parse().unwrap(), printed, site }
    }

    pub(crate) fn output(&self) -> String {
        self.printed.lines.lock().unwrap().join("\n")
    }

    /// Waits until the server has printed `text`.
    pub(crate) fn wait_for_output(&self, text: &str) {
        self.wait_for_printed(&format!("{text:?}"), |printed| printed.contains(text));
    }

    /// Waits until what the server printed satisfies `check` (`what` names
    /// it in the message of a timeout).
    pub(crate) fn wait_for_printed(&self, what: &str, check: impl Fn(&str) -> bool) {
        let lines = self.printed.lines.lock().unwrap();
        let (lines, timeout) =
            self.printed.more.wait_timeout_while(lines, PATIENCE, |lines| !check(&lines.join("\n"))).unwrap();
        assert!(!timeout.timed_out(), "the server never printed {what}; it said:\n{}", lines.join("\n"));
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        stream
    }

    /// A raw request; returns status, head and body.
    fn raw(&self, request: &str) -> (u16, String, String) {
        let mut stream = self.connect();
        stream.write_all(request.as_bytes()).unwrap();
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        (status, head.to_string(), body.to_string())
    }

    pub(crate) fn get_with(&self, path: &str, extra: &str) -> (u16, String, String) {
        self.raw(&format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n{extra}Connection: close\r\n\r\n", self.port))
    }

    pub(crate) fn get(&self, path: &str) -> (u16, String, String) {
        self.get_with(path, "")
    }

    /// Opens the event stream (HTTP/1.0, so the body is not chunked).
    pub(crate) fn events(&self) -> Events {
        let mut stream = self.connect();
        let request = format!(
            "GET /__dermis/events HTTP/1.0\r\nHost: 127.0.0.1:{}\r\nOrigin: http://127.0.0.1:{}\r\n\r\n",
            self.port, self.port
        );
        stream.write_all(request.as_bytes()).unwrap();
        Events { reader: BufReader::new(stream) }
    }

    /// The build being served now.
    pub(crate) fn current(&self) -> Build {
        self.events().next_build()
    }

    /// Waits, build after build, until `check` holds.
    pub(crate) fn wait_for(&self, what: &str, check: impl Fn(&Server) -> bool) -> Build {
        let start = Instant::now();
        let mut events = self.events();
        loop {
            let build = events.next_build();
            if check(self) {
                return build;
            }
            assert!(start.elapsed() < PATIENCE, "timed out waiting for {what}; server said:\n{}", self.output());
        }
    }

    pub(crate) fn write(&self, rel: &str, text: &str) {
        self.site.write(rel, text);
    }

    pub(crate) fn path(&self, rel: &str) -> std::path::PathBuf {
        self.site.root.join(rel)
    }
}

/// The generation a served page says it was built from.
fn page_generation(body: &str) -> u64 {
    let doc = scraper::Html::parse_document(body);
    let generations = crate::site_test::attrs(&doc, "script[src=\"/__dermis/live-reload.js\"]", "data-generation");
    assert_eq!(generations.len(), 1, "one live-reload script per page");
    generations[0].parse().unwrap()
}

fn body_contains(path: &'static str, text: &'static str) -> impl Fn(&Server) -> bool {
    move |s: &Server| s.get(path).2.contains(text)
}

#[test]
fn serves_pages_from_memory_with_types_404_and_the_script() {
    let s = Server::start("compare");
    let (status, head, body) = s.get("/methods/peel/");
    assert_eq!(status, 200);
    assert!(head.to_lowercase().contains("content-type: text/html; charset=utf-8"));
    assert!(body.contains("data-generation=\"1\" defer></script></body>"), "the script ends the body");
    assert_eq!(page_generation(&body), 1);
    assert!(body.contains("http://127.0.0.1:"), "base_url is the local address");
    let (status, head, _) = s.get("/style.css");
    assert_eq!(status, 200);
    assert!(head.to_lowercase().contains("content-type: text/css"));
    let (status, head, _) = s.get("/methods/peel");
    assert_eq!(status, 308);
    assert!(head.contains("location: /methods/peel/"));
    let (status, _, body) = s.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found") && body.contains("live-reload.js"));
    let (status, _, body) = s.get("/__dermis/live-reload.js");
    assert_eq!(status, 200);
    assert!(body.contains("EventSource"));
    // serve never writes the output folder.
    assert!(!s.path("public").exists());
}

#[test]
fn refuses_traversal_malformed_requests_foreign_hosts_and_origins() {
    let s = Server::start("compare");
    for path in [
        "/../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2fsite.toml",
        "/a%5c..%5csite.toml",
        "/x%00y",
        "/%zz",
        "/C:/Windows/win.ini",
    ] {
        let (status, _, body) =
            s.raw(&format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n", s.port));
        assert_eq!(status, 400, "{path}");
        assert!(!body.contains("base_url"), "{path} leaked a file");
    }
    let (status, _, _) = s.raw("GET http://evil.example/ HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 400);
    let (status, _, _) = s.raw("GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 403, "DNS rebinding: a foreign Host is refused");
    let (status, _, _) = s.raw("GET / HTTP/1.1\r\nHost: localhost:1\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 403);
    let (status, head, _) = s.raw(&format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        s.port
    ));
    assert_eq!(status, 405);
    assert!(head.to_lowercase().contains("allow: get, head"));
    let (status, _, _) = s.raw("THIS IS NOT HTTP\r\n\r\n");
    assert_eq!(status, 400);
    let (status, head, _) = s.get_with("/", "Origin: http://evil.example\r\n");
    assert_eq!(status, 200);
    assert!(!head.to_lowercase().contains("access-control-allow-origin"));
    let (status, _, _) = s.get_with("/__dermis/events", "Origin: http://evil.example\r\n");
    assert_eq!(status, 403, "a foreign page may not listen to the event stream");
    let (status, _, body) =
        s.raw(&format!("HEAD /methods/peel/ HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n", s.port));
    assert_eq!(status, 200);
    assert!(body.is_empty());
    // The server survived all of it.
    assert_eq!(s.get("/").0, 200);
}

#[test]
fn every_way_of_saving_is_picked_up() {
    let s = Server::start("compare");
    // Write in place.
    let text = std::fs::read_to_string(s.path("content/methods/laser.md")).unwrap();
    s.write("content/methods/laser.md", &text.replace("no acid is used", "no acid at all"));
    s.wait_for("an in-place write", body_contains("/methods/laser/", "no acid at all"));
    // Write a temporary file, then rename it over the original (most editors).
    s.write("content/methods/.laser.md.tmp", &text.replace("no acid is used", "renamed into place"));
    std::fs::rename(s.path("content/methods/.laser.md.tmp"), s.path("content/methods/laser.md")).unwrap();
    s.wait_for("write-then-rename", body_contains("/methods/laser/", "renamed into place"));
    // Delete and recreate.
    std::fs::remove_file(s.path("content/methods/laser.md")).unwrap();
    s.write("content/methods/laser.md", &text.replace("no acid is used", "recreated"));
    s.wait_for("delete and recreate", body_contains("/methods/laser/", "recreated"));
    // vim: a 4913 probe file and a backup, then the write.
    s.write("content/methods/4913", "");
    std::fs::remove_file(s.path("content/methods/4913")).unwrap();
    std::fs::copy(s.path("content/methods/laser.md"), s.path("content/methods/laser.md~")).unwrap();
    s.write("content/methods/laser.md", &text.replace("no acid is used", "saved by vim"));
    s.wait_for("a vim-style save", body_contains("/methods/laser/", "saved by vim"));
    assert_eq!(s.get("/methods/laser.md~").0, 404, "backups are not served");
    // A new page in a new folder.
    s.write("content/methods/new/fresh.md", "+++\ntitle = \"Fresh\"\n+++\nLinks to [[laser]].\n");
    s.wait_for("a new folder and page", |s| s.get("/methods/new/fresh/").0 == 200);
    // Rename a page.
    std::fs::rename(s.path("content/methods/new/fresh.md"), s.path("content/methods/new/renamed.md")).unwrap();
    s.wait_for("a renamed page", |s| s.get("/methods/new/renamed/").0 == 200 && s.get("/methods/new/fresh/").0 == 404);
    // Delete a folder.
    std::fs::remove_dir_all(s.path("content/methods/new")).unwrap();
    s.wait_for("a deleted folder", |s| s.get("/methods/new/renamed/").0 == 404);
}

#[test]
fn a_deleted_article_disappears_and_links_to_it_become_errors_in_an_overlay() {
    let s = Server::start("compare");
    std::fs::remove_file(s.path("content/methods/cream.md")).unwrap();
    s.wait_for("the overlay", body_contains("/methods/peel/", "dermis-overlay"));
    let (_, _, body) = s.get("/methods/peel/");
    assert!(body.contains("content/methods/surgery.md:"), "the overlay names the file with the broken link");
    assert!(body.contains("no page `cream` for this wiki link"));
    // The last good site is still served: the page is still there.
    assert_eq!(s.get("/methods/cream/").0, 200);
    s.wait_for_output("error[link]: content/methods/surgery.md");
}

#[test]
fn broken_front_matter_shows_an_escaped_overlay_until_fixed() {
    let s = Server::start("compare");
    let original = std::fs::read_to_string(s.path("content/methods/laser.md")).unwrap();
    s.write(
        "content/methods/laser.md",
        "+++\ntitle = \"Laser\"\n[facts]\napproach = \"<script>alert(1)</script>\"\n+++\n",
    );
    s.wait_for("the overlay", body_contains("/methods/peel/", "dermis-overlay"));
    let (_, _, body) = s.get("/methods/peel/");
    assert!(body.contains("content/methods/laser.md:4:12"));
    assert!(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!body.contains("<script>alert(1)</script>"));
    // Every page carries it, the 404 page too.
    assert!(s.get("/glossary/").2.contains("dermis-overlay"));
    assert!(s.get("/nope/").2.contains("dermis-overlay"));
    s.write("content/methods/laser.md", &original);
    s.wait_for("the overlay to go", |s| !s.get("/methods/peel/").2.contains("dermis-overlay"));
}

#[test]
fn a_failing_edit_shows_its_escaped_code_frame_in_the_overlay_linked_to_the_editor() {
    let site = SiteTest::from_fixture("compare");
    let config = std::fs::read_to_string(site.root.join("site.toml")).unwrap();
    site.write(
        "site.toml",
        format!("{config}\n[serve]\neditor_url = \"vscode://file/{{path}}:{{line}}:{{column}}\"\n"),
    );
    let s = Server::start_site(site);
    s.write(
        "content/methods/laser.md",
        "+++\ntitle = \"Laser\"\n[facts]\napproach = \"<script>alert(1)</script>\"\n+++\n",
    );
    s.wait_for("the overlay", body_contains("/methods/peel/", "dermis-overlay"));
    let (_, _, body) = s.get("/methods/peel/");
    assert!(!body.contains("<script>alert(1)"), "the frame is escaped");
    let doc = scraper::Html::parse_document(&body);
    let frames = crate::site_test::texts(&doc, "#dermis-overlay pre.dermis-frame");
    let carets = "^".repeat("\"<script>alert(1)</script>\"".len());
    // `texts` trims the frame's leading spaces.
    assert_eq!(frames, [format!("|\n4 | approach = \"<script>alert(1)</script>\"\n  |            {carets}")]);
    let hrefs = crate::site_test::attrs(&doc, "#dermis-overlay li a", "href");
    let root = std::fs::canonicalize(&s.site.root).unwrap();
    let root = root.to_string_lossy();
    assert_eq!(hrefs, [format!("vscode://file/{}/content/methods/laser.md:4:12", root.trim_start_matches('/'))]);
    // The terminal shows the same frame.
    s.wait_for_output("4 | approach = \"<script>alert(1)</script>\"");
}

#[test]
fn the_browser_hears_reload_after_edits_and_css_after_stylesheet_changes() {
    let s = Server::start("compare");
    let mut events = s.events();
    let first = events.next_build();
    s.write(
        "content/methods/cream.md",
        "+++\ntitle = \"Cream\"\n[facts]\napproach = \"topical\"\n+++\nApplied every day.\n",
    );
    let edited = events.next_build();
    assert!(edited.generation > first.generation && edited.reload == edited.generation, "{edited:?}");
    assert!(s.get("/methods/cream/").2.contains("Applied every day."), "the new page is served when the build is sent");
    // A new static/ folder is a structural change (a reload); then editing
    // the stylesheet in it only swaps stylesheets.
    s.write("static/extra.css", "body { color: blue; }\n");
    let created = s.wait_for("the new stylesheet", |s| s.get("/extra.css").2.contains("color: blue"));
    assert!(created.reload > edited.generation, "a new folder reloads: {created:?}");
    s.write("static/extra.css", "body { color: red; }\n");
    let restyled = s.wait_for("the edited stylesheet", |s| s.get("/extra.css").2.contains("color: red"));
    assert!(restyled.generation > created.generation, "{restyled:?}");
    assert_eq!(restyled.reload, created.reload, "a stylesheet edit does not reload pages: {restyled:?}");
}

#[test]
fn pages_and_the_event_stream_carry_the_build_generation() {
    let s = Server::start("compare");
    let mut events = s.events();
    let first = events.next_build();
    assert_eq!((first.generation, first.reload), (1, 1), "the first build is generation 1");
    assert_eq!(page_generation(&s.get("/methods/peel/").2), 1);
    assert_eq!(page_generation(&s.get("/no/such/page/").2), 1, "the 404 page carries it too");
    // A reconnecting client hears the current build at once.
    assert_eq!(s.current(), first);
    s.write("content/methods/cream.md", "+++\ntitle = \"Cream\"\n[facts]\napproach = \"topical\"\n+++\nNew.\n");
    let second = events.next_build();
    assert_eq!((second.generation, second.reload), (2, 2));
    assert_eq!(second.server, first.server);
    assert_eq!(page_generation(&s.get("/methods/peel/").2), 2);
    assert_eq!(s.current(), second);
}

#[test]
fn a_burst_of_changes_is_one_or_two_rebuilds() {
    let site = SiteTest::from_fixture("compare");
    site.write("static/marker.css", "/* 0 */\n");
    let s = Server::start_site(site);
    let before = s.current();
    // Like a `git checkout` of many files: 300 new pages at once. They are
    // written beside the site first and moved in, so the burst takes
    // milliseconds even when the disk is busy.
    let staging = s.site.root.parent().unwrap().join("staging");
    std::fs::create_dir_all(&staging).unwrap();
    for i in 0..300 {
        std::fs::write(
            staging.join(format!("burst-{i:03}.md")),
            format!("+++\ntitle = \"Burst {i}\"\n+++\nSee [[peel]].\n"),
        )
        .unwrap();
    }
    for i in 0..300 {
        let name = format!("burst-{i:03}.md");
        std::fs::rename(staging.join(&name), s.path(&format!("content/guides/{name}"))).unwrap();
    }
    // A new stylesheet after the burst: it is served only by a build that
    // walked the site after it was created, hence after the whole burst.
    // (An edit of an existing static file would not do: static files are
    // served from disk, so new bytes show before any rebuild.)
    s.write("static/marker-after.css", "/* 1 */\n");
    let after = s.wait_for("the marker after the burst", |s| s.get("/marker-after.css").0 == 200);
    assert_eq!(s.get("/guides/burst-299/").0, 200);
    let builds = after.generation - before.generation;
    // The marker's own build only swaps stylesheets; if it joined the
    // burst's last build, that build reloads.
    let burst_builds = if after.reload == after.generation { builds } else { builds - 1 };
    assert!(after.reload == after.generation || after.reload == after.generation - 1, "{before:?} {after:?}");
    assert!((1..=2).contains(&burst_builds), "{burst_builds} rebuilds for one burst ({before:?} → {after:?})");
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let site = SiteTest::from_fixture("compare");
    let out = site.run(&["serve", "--port", &port]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot listen on 127.0.0.1:") && stderr.contains("--port 0"), "{stderr}");
}

#[test]
fn serve_starts_even_when_the_first_build_fails() {
    let site = SiteTest::from_fixture("compare");
    site.write("content/methods/laser.md", "+++\ntitle = \"Laser\"\n[facts]\napproach = \"lazer\"\n+++\n");
    let s = Server::start_site(site);
    // Every URL answers with the errors: there is no last good build to show.
    for path in ["/", "/methods/laser/", "/methods/peel/", "/style.css", "/no/such/page/"] {
        let (status, head, body) = s.get(path);
        assert_eq!(status, 503, "{path}");
        assert!(head.to_lowercase().contains("content-type: text/html; charset=utf-8"), "{path}");
        let doc = scraper::Html::parse_document(&body);
        let title = crate::site_test::texts(&doc, "#dermis-overlay-title");
        assert_eq!(title, ["The site has 1 error; no successful build yet"], "{path}");
        assert!(body.contains("content/methods/laser.md:4:12"), "{path}");
        assert!(!body.contains("Not found") && !body.contains("Page not found"), "{path}");
        assert_eq!(page_generation(&body), 1, "{path}");
    }
    let (status, _, body) =
        s.raw(&format!("HEAD /methods/laser/ HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n", s.port));
    assert_eq!((status, body.as_str()), (503, ""));
    s.write(
        "content/methods/laser.md",
        "+++\ntitle = \"Laser\"\n[facts]\napproach = \"minimally invasive\"\n+++\nFixed.\n",
    );
    let fixed = s.wait_for("the first good build", |s| s.get("/methods/laser/").2.contains("Fixed."));
    assert_eq!(fixed.reload, fixed.generation, "pages that showed the errors reload");
    assert!(!s.get("/").2.contains("dermis-overlay"));
}

#[test]
fn folder_redirects_stay_on_this_host() {
    let s = Server::start("compare");
    for (path, location) in
        [("//glossary", "/glossary/"), ("///methods//peel", "/methods/peel/"), ("/./methods/./peel", "/methods/peel/")]
    {
        let (status, head, _) = s.get(path);
        assert_eq!(status, 308, "{path}");
        let found: Vec<&str> = head.lines().filter_map(|l| l.strip_prefix("location: ")).collect();
        assert_eq!(found, [location], "{path}");
    }
}

#[test]
fn two_host_headers_are_refused() {
    let s = Server::start("compare");
    let (status, _, body) = s.raw(&format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:{0}\r\nHost: 127.0.0.1:{0}\r\nConnection: close\r\n\r\n",
        s.port
    ));
    assert_eq!(status, 400);
    assert_eq!(body, "only one Host header is allowed\n");
    let (status, _, _) = s.raw(&format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
        s.port
    ));
    assert_eq!(status, 400);
}

/// 300 idle sockets against a server limited to 256 file descriptors: the
/// oldest idle ones are closed to make room, and a real request is answered.
#[cfg(unix)]
#[test]
fn idle_sockets_cannot_starve_requests_when_file_descriptors_are_few() {
    let mut command = Command::new("sh");
    command.args(["-c", "ulimit -n 256 && exec \"$0\" serve --port 0", env!("CARGO_BIN_EXE_dermis")]);
    let s = Server::spawn(SiteTest::from_fixture("compare"), command);
    let address = std::net::SocketAddr::from(([127, 0, 0, 1], s.port));
    let idle: Vec<TcpStream> =
        (0..300).filter_map(|_| TcpStream::connect_timeout(&address, Duration::from_secs(10)).ok()).collect();
    assert_eq!(idle.len(), 300, "every idle socket was accepted or queued");
    let (status, _, body) = s.get("/methods/peel/");
    assert_eq!(status, 200, "a real request is answered beside 300 idle sockets");
    assert!(body.contains("</html>"));
    // The server closed the sockets idle longest to make room: all but the
    // newest 64 (the cap on page connections) minus the one just answered.
    for (i, socket) in idle.iter().enumerate().take(300 - 64) {
        let mut socket = socket;
        socket.set_read_timeout(Some(PATIENCE)).unwrap();
        assert_eq!(socket.read(&mut [0u8; 16]).unwrap(), 0, "idle socket {i} was not closed");
    }
}

#[test]
fn half_sent_requests_and_idle_connections_are_closed_after_the_header_timeout() {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dermis"));
    command.args(["serve", "--port", "0"]).env("DERMIS_SERVE_HEADER_TIMEOUT_MS", "300");
    let s = Server::spawn(SiteTest::from_fixture("compare"), command);
    let mut events = s.events();
    let first = events.next_build();
    // Headers that never end.
    let mut half = s.connect();
    half.write_all(format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nX-Slow: 1", s.port).as_bytes()).unwrap();
    let sent = Instant::now();
    let mut answer = Vec::new();
    half.read_to_end(&mut answer).expect("the server closes the connection");
    assert!(sent.elapsed() >= Duration::from_millis(300), "closed before the timeout");
    assert!(!String::from_utf8_lossy(&answer).contains("200 OK"), "a half-sent request is not answered");
    // A keep-alive connection left idle after its answer.
    let mut kept = s.connect();
    kept.write_all(format!("GET /style.css HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n", s.port).as_bytes()).unwrap();
    let mut reader = BufReader::new(kept.try_clone().unwrap());
    let mut length = 0;
    let mut line = String::new();
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length: ") {
            length = value.trim().parse().unwrap();
        }
        if line == "\r\n" {
            break;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    let mut rest = Vec::new();
    reader.read_to_end(&mut rest).expect("the server closes the idle connection");
    assert!(rest.is_empty());
    // The event stream is long-lived by design: it outlives the timeout.
    s.write("content/methods/cream.md", "+++\ntitle = \"Cream\"\n[facts]\napproach = \"topical\"\n+++\nNew.\n");
    assert_eq!(events.next_build().generation, first.generation + 1);
    assert_eq!(s.get("/").0, 200);
}

#[test]
fn too_many_event_streams_close_the_oldest() {
    let s = Server::start("compare");
    // One after the other: a stream counts once its first event arrived, so
    // the server's order is the test's.
    let mut streams = Vec::new();
    for _ in 0..17 {
        let mut stream = s.events();
        stream.next_build();
        streams.push(stream);
    }
    assert!(streams[0].closed(), "the oldest of 17 streams is closed (16 are kept)");
    s.write("content/methods/cream.md", "+++\ntitle = \"Cream\"\n[facts]\napproach = \"topical\"\n+++\nNew.\n");
    assert_eq!(streams[16].next_build().generation, 2, "the newest stream still hears builds");
}

#[test]
fn build_output_never_contains_the_live_reload_script() {
    let site = SiteTest::from_fixture("compare");
    site.build_ok(&[]);
    for entry in walkdir::WalkDir::new(site.root.join("public"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let text = String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()).into_owned();
        assert!(!text.contains("__dermis"), "{}", entry.path().display());
    }
}

/// serve watches a site folder once, and again only when it is new or was
/// replaced: a folder deleted and made again is still watched.
#[test]
fn a_folder_deleted_and_made_again_is_still_watched() {
    let s = Server::start("compare");
    s.write("static/first.css", "/* first */\n");
    s.wait_for("the first stylesheet", |s| s.get("/first.css").0 == 200);
    std::fs::remove_dir_all(s.path("static")).unwrap();
    s.wait_for("the folder gone", |s| s.get("/first.css").0 == 404);
    s.write("static/second.css", "/* second */\n");
    s.wait_for("the new folder's stylesheet", |s| s.get("/second.css").0 == 200);
    // Edits inside the new folder are seen, so it is watched.
    s.write("static/nested/third.css", "/* third */\n");
    s.wait_for("a file in a folder inside it", |s| s.get("/nested/third.css").0 == 200);
    s.write("static/nested/third.css", "/* edited */\n");
    s.wait_for("the edit", |s| s.get("/nested/third.css").2.contains("edited"));
    // Deleted and made again at once (the new folder may even get the old
    // one's inode number): still watched.
    std::fs::remove_dir_all(s.path("static")).unwrap();
    s.write("static/fourth.css", "/* fourth */\n");
    s.wait_for("the folder made again at once", |s| s.get("/fourth.css").0 == 200 && s.get("/first.css").0 == 404);
    s.write("static/deeper/fifth.css", "/* fifth */\n");
    s.wait_for("a file in it", |s| s.get("/deeper/fifth.css").0 == 200);
    s.write("static/deeper/fifth.css", "/* changed */\n");
    s.wait_for("its edit", |s| s.get("/deeper/fifth.css").2.contains("changed"));
}
