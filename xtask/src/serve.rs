//! `serve`: a tiny static file server for the page, on 127.0.0.1 only.
//!
//! One thread per connection, GET and HEAD only, one request per connection
//! (`Connection: close`), `Cache-Control: no-store` so a rebuild shows on reload.
//! Paths are percent-decoded and then checked segment by segment: `..` is refused
//! (400), dotfiles such as `.git` are hidden (404), and the canonical path must stay
//! inside the served root (so a symlink cannot lead out either).

use crate::Result;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

/// Serves `root` on 127.0.0.1:`port` until the process is stopped.
pub fn serve(root: &Path, port: u16) -> Result {
    let root = root.canonicalize()?;
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
        format!("cannot listen on 127.0.0.1:{port}: {e} (try `cargo xtask serve --port N`)")
    })?;
    let port = listener.local_addr()?.port();
    println!(
        "\nServing {} at http://127.0.0.1:{port}/   (Ctrl-C to stop)",
        root.display()
    );
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let root = root.clone();
        std::thread::spawn(move || {
            if let Err(e) = handle(stream, &root) {
                eprintln!("serve: {e}");
            }
        });
    }
    Ok(())
}

/// What a request path turns into.
#[derive(Debug, PartialEq)]
enum Resolved {
    File(PathBuf),
    /// A directory asked for without its trailing slash: redirect, so that relative
    /// URLs in its index.html resolve against the directory.
    Redirect(String),
    Error(u16),
}

fn handle(stream: TcpStream, root: &Path) -> Result {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain the headers (bounded), which we do not need.
    let mut header = String::new();
    for _ in 0..100 {
        header.clear();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let head = method == "HEAD";
    let resolved = if method == "GET" || head {
        resolve(root, target)
    } else {
        Resolved::Error(405)
    };

    let mut out = stream;
    let status = match resolved {
        Resolved::File(path) => match fs::read(&path) {
            Ok(body) => {
                let headers = [("Content-Type", mime(&path))];
                respond(&mut out, 200, &headers, &body, head)?;
                200
            }
            Err(_) => error(&mut out, 404, head)?,
        },
        Resolved::Redirect(location) => {
            respond(&mut out, 301, &[("Location", &location)], b"", head)?;
            301
        }
        Resolved::Error(code) => error(&mut out, code, head)?,
    };
    println!("{method} {target} {status}");
    Ok(())
}

fn error(out: &mut TcpStream, code: u16, head: bool) -> Result<u16> {
    let body = format!("{code} {}\n", reason(code));
    let mut headers = vec![("Content-Type", "text/plain; charset=utf-8")];
    if code == 405 {
        headers.push(("Allow", "GET, HEAD"));
    }
    respond(out, code, &headers, body.as_bytes(), head)?;
    Ok(code)
}

fn respond(
    out: &mut TcpStream,
    code: u16,
    headers: &[(&str, &str)],
    body: &[u8],
    head: bool,
) -> Result {
    let mut msg = format!("HTTP/1.1 {code} {}\r\n", reason(code));
    for (name, value) in headers {
        msg.push_str(&format!("{name}: {value}\r\n"));
    }
    msg.push_str(&format!(
        "Content-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    out.write_all(msg.as_bytes())?;
    if !head {
        out.write_all(body)?;
    }
    out.flush()?;
    Ok(())
}

fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Error",
    }
}

/// Maps a request target (`/www/main.js?x=1`) to a file under `root` (canonical).
fn resolve(root: &Path, target: &str) -> Resolved {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Resolved::Error(400);
    }
    let Some(decoded) = percent_decode(path) else {
        return Resolved::Error(400);
    };
    let mut file = root.to_path_buf();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => continue,
            ".." => return Resolved::Error(400),
            s if s.contains(['\\', '\0']) => return Resolved::Error(400),
            s if s.starts_with('.') => return Resolved::Error(404),
            s => {
                // A segment must be one plain path component (no `C:` prefixes etc.).
                let mut comps = Path::new(s).components();
                match (comps.next(), comps.next()) {
                    (Some(Component::Normal(c)), None) => file.push(c),
                    _ => return Resolved::Error(400),
                }
            }
        }
    }
    if file.is_dir() {
        if !path.ends_with('/') {
            return Resolved::Redirect(format!("{path}/"));
        }
        file.push("index.html");
    }
    match file.canonicalize() {
        Ok(real) if real.starts_with(root) && real.is_file() => Resolved::File(real),
        _ => Resolved::Error(404),
    }
}

/// Decodes `%XX` escapes; None for a bad escape or a result that is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Content-Type by extension. Browsers need `application/wasm` for streaming
/// instantiation and a JavaScript type for module scripts.
fn mime(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "yaml" | "yml" => "text/yaml; charset=utf-8",
        "txt" | "md" | "expected" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "ts" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scratch tree: index.html, www/app.js, www/sub/index.html, .git/config.
    fn tree(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-serve-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("www/sub")).unwrap();
        fs::create_dir_all(dir.join(".git")).unwrap();
        fs::write(dir.join("index.html"), "<p>hi</p>").unwrap();
        fs::write(dir.join("www/app.js"), "export {}").unwrap();
        fs::write(dir.join("www/sub/index.html"), "sub").unwrap();
        fs::write(dir.join(".git/config"), "secret").unwrap();
        dir.canonicalize().unwrap()
    }

    #[test]
    fn files_and_index_pages_resolve() {
        let root = tree("files");
        assert_eq!(resolve(&root, "/"), Resolved::File(root.join("index.html")));
        assert_eq!(
            resolve(&root, "/www/app.js?v=2"),
            Resolved::File(root.join("www/app.js"))
        );
        assert_eq!(
            resolve(&root, "/www/%61pp.js"),
            Resolved::File(root.join("www/app.js"))
        );
        assert_eq!(
            resolve(&root, "/www/sub/"),
            Resolved::File(root.join("www/sub/index.html"))
        );
        assert_eq!(
            resolve(&root, "/www/sub"),
            Resolved::Redirect("/www/sub/".into())
        );
        assert_eq!(resolve(&root, "/missing.js"), Resolved::Error(404));
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn traversal_and_hidden_files_are_refused() {
        let root = tree("traversal");
        for target in [
            "/../etc/passwd",
            "/www/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/www/%2E%2E/%2E%2E/etc/passwd",
            "/..%2fetc%2fpasswd",
            "/www/..\\..\\etc\\passwd",
            "/%00",
            "/%zz",
            "etc/passwd",
            "http://example.com/",
        ] {
            assert_eq!(resolve(&root, target), Resolved::Error(400), "{target}");
        }
        assert_eq!(resolve(&root, "/.git/config"), Resolved::Error(404));
        assert_eq!(resolve(&root, "//etc/passwd"), Resolved::Error(404));
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn wasm_and_modules_get_the_types_browsers_require() {
        assert_eq!(mime(Path::new("www/pkg/x_bg.wasm")), "application/wasm");
        assert_eq!(
            mime(Path::new("www/main.js")),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(mime(Path::new("a.mjs")), "text/javascript; charset=utf-8");
        assert_eq!(mime(Path::new("index.html")), "text/html; charset=utf-8");
        assert_eq!(mime(Path::new("www/style.CSS")), "text/css; charset=utf-8");
    }
}
