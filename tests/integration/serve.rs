//! `dermis serve` over real HTTP on 127.0.0.1 (port 0): pages from memory,
//! security checks, file edits of every kind, the error overlay, live
//! events, bursts.

use crate::site_test::SiteTest;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running `dermis serve` on a temporary copy of a fixture.
pub(crate) struct Server {
    child: Child,
    pub(crate) port: u16,
    stdout: Arc<Mutex<Vec<String>>>,
    pub(crate) site: SiteTest,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(fixture: &str) -> Server {
        Server::start_site(SiteTest::from_fixture(fixture))
    }

    pub(crate) fn start_site(site: SiteTest) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dermis"))
            .args(["serve", "--port", "0"])
            .current_dir(&site.root)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let sink = lines.clone();
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
                sink.lock().unwrap().push(line);
            }
        });
        let stderr = child.stderr.take().unwrap();
        let sink = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        let port: u16 = rx.recv_timeout(Duration::from_secs(30)).expect("server did not start").parse().unwrap();
        Server { child, port, stdout: lines, site }
    }

    pub(crate) fn output(&self) -> String {
        self.stdout.lock().unwrap().join("\n")
    }

    fn builds(&self) -> usize {
        self.stdout.lock().unwrap().iter().filter(|l| l.starts_with("Built ") || l.starts_with("Found ")).count()
    }

    /// A raw request; returns status, head and body.
    fn raw(&self, request: &str) -> (u16, String, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        (status, head.to_string(), body.to_string())
    }

    fn get_with(&self, path: &str, extra: &str) -> (u16, String, String) {
        self.raw(&format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n{extra}Connection: close\r\n\r\n", self.port))
    }

    fn get(&self, path: &str) -> (u16, String, String) {
        self.get_with(path, "")
    }

    fn wait_for(&self, what: &str, check: impl Fn(&Server) -> bool) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(15) {
            if check(self) {
                return;
            }
            std::thread::sleep(Duration::from_millis(40));
        }
        panic!("timed out waiting for {what}; server said:\n{}", self.output());
    }

    fn write(&self, rel: &str, text: &str) {
        self.site.write(rel, text);
    }

    fn path(&self, rel: &str) -> std::path::PathBuf {
        self.site.root.join(rel)
    }
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
    assert!(body.contains("<script src=\"/__dermis/live-reload.js\" defer></script></body>"));
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
    assert!(s.output().contains("error[link]: content/methods/surgery.md"));
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

/// Reads server-sent events until `want` arrives.
fn wait_for_event(stream: &mut BufReader<TcpStream>, want: &str) {
    let start = Instant::now();
    let mut line = String::new();
    while start.elapsed() < Duration::from_secs(15) {
        line.clear();
        if stream.read_line(&mut line).is_ok() && line.trim() == format!("event: {want}") {
            return;
        }
    }
    panic!("no `{want}` event");
}

fn open_events(s: &Server) -> BufReader<TcpStream> {
    let mut stream = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    let request = format!(
        "GET /__dermis/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nOrigin: http://127.0.0.1:{}\r\n\r\n",
        s.port, s.port
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut reader = BufReader::new(stream);
    wait_for_event(&mut reader, "hello");
    reader
}

#[test]
fn the_browser_hears_reload_after_edits_and_css_after_stylesheet_changes() {
    let s = Server::start("compare");
    let mut events = open_events(&s);
    s.write(
        "content/methods/cream.md",
        "+++\ntitle = \"Cream\"\n[facts]\napproach = \"topical\"\n+++\nApplied every day.\n",
    );
    wait_for_event(&mut events, "reload");
    assert!(s.get("/methods/cream/").2.contains("Applied every day."), "the new page is served when reload is sent");
    // A new static/ folder is a structural change (a reload); then editing
    // the stylesheet in it only swaps stylesheets.
    s.write("static/extra.css", "body { color: blue; }\n");
    wait_for_event(&mut events, "reload");
    std::thread::sleep(Duration::from_millis(100));
    s.write("static/extra.css", "body { color: red; }\n");
    wait_for_event(&mut events, "css");
    assert!(s.get("/extra.css").2.contains("color: red"));
}

#[test]
fn a_burst_of_changes_is_one_or_two_rebuilds() {
    let s = Server::start("compare");
    let before = s.builds();
    // Like a `git checkout` of many files: 300 new pages at once.
    for i in 0..300 {
        s.write(
            &format!("content/guides/burst-{i:03}.md"),
            &format!("+++\ntitle = \"Burst {i}\"\n+++\nSee [[peel]].\n"),
        );
    }
    s.wait_for("the burst's pages", |s| s.get("/guides/burst-299/").0 == 200);
    std::thread::sleep(Duration::from_millis(600));
    let rebuilds = s.builds() - before;
    assert!((1..=2).contains(&rebuilds), "{rebuilds} rebuilds for one burst");
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
    let (status, _, body) = s.get("/");
    assert_eq!(status, 404);
    assert!(body.contains("dermis-overlay") && body.contains("content/methods/laser.md:4:12"));
    s.write(
        "content/methods/laser.md",
        "+++\ntitle = \"Laser\"\n[facts]\napproach = \"minimally invasive\"\n+++\nFixed.\n",
    );
    s.wait_for("the first good build", |s| s.get("/methods/laser/").2.contains("Fixed."));
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
