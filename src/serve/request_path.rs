//! Request paths → keys of the in-memory site. Pure, so every traversal
//! trick is a unit test: `..` before and after percent-decoding, encoded
//! slashes and backslashes, NUL, drive letters. The served site lives in
//! memory, so nothing can be read outside it anyway; these checks make bad
//! requests a clear 400 instead of a 404.

/// Why a path was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BadPath {
    /// Not valid percent-encoding or not UTF-8 once decoded.
    Encoding,
    /// A `..` segment, a backslash, NUL or a drive letter.
    Traversal,
}

/// The output-file key for a URL path: `/a/b/` → `a/b/index.html`,
/// `/style.css` → `style.css`.
pub(crate) fn site_key(raw_path: &str) -> Result<String, BadPath> {
    let decoded = percent_decode(raw_path)?;
    if decoded.contains(['\\', '\0']) || raw_path.to_ascii_lowercase().contains("%5c") {
        return Err(BadPath::Traversal);
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Err(BadPath::Traversal),
            s if s.len() == 2 && s.ends_with(':') => return Err(BadPath::Traversal),
            s => segments.push(s),
        }
    }
    let mut key = segments.join("/");
    if decoded.ends_with('/') || key.is_empty() {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Ok(key)
}

/// Where to redirect a request for a folder named without its trailing
/// slash: the path with empty and `.` segments dropped, always starting with
/// a single `/` (`//glossary` must not become `//glossary/`, which browsers
/// read as another host) and ending with one. The segments stay
/// percent-encoded as they came; call it only for paths [`site_key`] accepted.
pub(crate) fn folder_location(raw_path: &str) -> String {
    let mut location = String::from("/");
    for segment in raw_path.split('/') {
        if segment.is_empty() || segment == "." || segment.eq_ignore_ascii_case("%2e") {
            continue;
        }
        location.push_str(segment);
        location.push('/');
    }
    location
}

fn percent_decode(input: &str) -> Result<String, BadPath> {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(BadPath::Encoding)?;
            let text = std::str::from_utf8(hex).map_err(|_| BadPath::Encoding)?;
            out.push(u8::from_str_radix(text, 16).map_err(|_| BadPath::Encoding)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| BadPath::Encoding)
}

/// The `Content-Type` for an output path, by its extension (`mime_guess`'s
/// table); text and scripts are declared UTF-8, which is all dermis writes
/// and all it reads as text. Unknown extensions are `application/octet-stream`.
pub(crate) fn content_type(path: &str) -> std::borrow::Cow<'static, str> {
    let mime = mime_guess::from_path(path).first_raw().unwrap_or("application/octet-stream");
    if mime.starts_with("text/") || mime == "application/javascript" {
        format!("{mime}; charset=utf-8").into()
    } else {
        mime.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_come_from_the_extension_with_utf8_for_text() {
        assert_eq!(content_type("methods/peel/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("search.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("methods.json"), "application/json");
        assert_eq!(content_type("og-image.png"), "image/png");
        // Beyond what the theme ships: what a site may put in static/.
        assert_eq!(content_type("clips/peel.mp4"), "video/mp4");
        assert_eq!(content_type("fonts/a.WOFF2"), "font/woff2");
        assert_eq!(content_type("data/no-extension"), "application/octet-stream");
    }

    #[test]
    fn maps_urls_to_output_files() {
        assert_eq!(site_key("/").unwrap(), "index.html");
        assert_eq!(site_key("/methods/peels/").unwrap(), "methods/peels/index.html");
        assert_eq!(site_key("/style.css").unwrap(), "style.css");
        assert_eq!(site_key("//methods//peels/").unwrap(), "methods/peels/index.html");
        assert_eq!(site_key("/caf%C3%A9/").unwrap(), "café/index.html");
    }

    #[test]
    fn refuses_traversal_in_every_spelling() {
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2E%2E/x",
            "/..%2fetc",
            "/a%5c..%5cb",
            "/a\\b",
            "/x%00y",
            "/C:/windows",
            "/%2e%2e%2f%2e%2e%2fetc",
        ] {
            assert_eq!(site_key(bad), Err(BadPath::Traversal), "{bad}");
        }
    }

    #[test]
    fn folder_redirects_stay_on_this_host() {
        assert_eq!(folder_location("//glossary"), "/glossary/");
        assert_eq!(folder_location("///evil.example/x"), "/evil.example/x/");
        assert_eq!(folder_location("/./methods//peels"), "/methods/peels/");
        assert_eq!(folder_location("/%2E/caf%C3%A9"), "/caf%C3%A9/");
        assert_eq!(folder_location("/methods"), "/methods/");
    }

    #[test]
    fn refuses_bad_encoding() {
        assert_eq!(site_key("/%zz"), Err(BadPath::Encoding));
        assert_eq!(site_key("/%ff%fe"), Err(BadPath::Encoding));
        assert_eq!(site_key("/%"), Err(BadPath::Encoding));
    }
}
