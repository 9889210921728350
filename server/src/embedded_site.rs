//! The site compiled into the binary (feature `embed-site`, built by `scripts/release`): its
//! files served from memory, brotli when the client accepts it, and the Leptos settings the
//! build had, so the binary needs no LEPTOS_* variable and no file beside it.
//!
//! Without the feature only the pure header helpers below are compiled, and `router.rs` serves
//! the site from the disk as before.

#[cfg(feature = "embed-site")]
pub use embedded::{leptos_options, respond};

/// Whether an `Accept-Encoding` value accepts brotli: listed as `br` (or `*`) with a non-zero
/// quality, unless `br` itself is refused.
pub fn accepts_brotli(accept_encoding: &str) -> bool {
    let mut star = false;
    for coding in accept_encoding.split(',') {
        let mut params = coding.split(';');
        let name = params.next().unwrap_or_default().trim();
        let refused = params.any(|param| {
            param
                .trim()
                .strip_prefix("q=")
                .and_then(|q| q.trim().parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        if name.eq_ignore_ascii_case("br") {
            return !refused;
        }
        if name == "*" {
            star = !refused;
        }
    }
    star
}

/// Whether an `If-None-Match` value names `etag` (a quoted strong tag) or is `*`; weak
/// comparison, as RFC 9110 asks for `If-None-Match`.
pub fn etag_matches(if_none_match: &str, etag: &str) -> bool {
    if_none_match.trim() == "*"
        || if_none_match
            .split(',')
            .map(|tag| tag.trim().trim_start_matches("W/"))
            .any(|tag| tag == etag)
}

#[cfg(feature = "embed-site")]
mod embedded {
    use std::{net::SocketAddr, path::Path};

    use anyhow::Context;
    use axum::{
        body::Body,
        http::{HeaderMap, HeaderValue, Method, StatusCode, header},
        response::{IntoResponse, Response},
    };
    use leptos::config::{Env, LeptosOptions};
    use rust_embed::Embed;

    use super::{accepts_brotli, etag_matches};

    /// target/site as cargo-leptos left it (build.rs finds it). Only the files a browser asks
    /// for: no TypeScript declarations, no gzip (every browser that matters takes brotli), and
    /// no brotli copies of formats that are compressed already.
    #[derive(Embed)]
    #[folder = "$SOFTPHONE_SITE_DIR"]
    #[exclude = "*.gz"]
    #[exclude = "*.ts"]
    #[exclude = "*.ts.br"]
    #[exclude = "*.png.br"]
    struct Site;

    /// The hash file cargo-leptos wrote for this site (`js: …`, `wasm: …`, `css: …`).
    const HASHES: &str = include_str!(concat!(env!("OUT_DIR"), "/site-hashes.txt"));

    /// The file at `path`, if the site has it: its brotli copy when `headers` accept brotli
    /// (with `Vary: Accept-Encoding` whenever there is one), 304 when `If-None-Match` names
    /// what would be sent, 405 for a method other than GET or HEAD. `Cache-Control` is left to
    /// `cache_policy`, as for files served from the disk.
    pub fn respond(method: &Method, path: &str, headers: &HeaderMap) -> Option<Response> {
        let name = path.strip_prefix('/')?;
        if name.ends_with(".br") {
            return None;
        }
        let file = Site::get(name)?;
        if method != Method::GET && method != Method::HEAD {
            return Some(
                (
                    StatusCode::METHOD_NOT_ALLOWED,
                    [(header::ALLOW, "GET, HEAD")],
                )
                    .into_response(),
            );
        }
        let brotli = Site::get(&format!("{name}.br"));
        let has_brotli = brotli.is_some();
        let wants_brotli = headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .is_some_and(accepts_brotli);
        let hash = hex(&file.metadata.sha256_hash());
        let (body, etag, encoding) = match brotli {
            Some(br) if wants_brotli => (br.data, format!("\"{hash}-br\""), Some("br")),
            _ => (file.data, format!("\"{hash}\""), None),
        };

        let mut response = Response::new(Body::empty());
        let out = response.headers_mut();
        if let Ok(etag) = HeaderValue::from_str(&etag) {
            out.insert(header::ETAG, etag);
        }
        if has_brotli {
            out.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        let not_modified = headers
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|tags| etag_matches(tags, &etag));
        if not_modified {
            *response.status_mut() = StatusCode::NOT_MODIFIED;
            return Some(response);
        }
        if let Ok(mime) = HeaderValue::from_str(file.metadata.mimetype()) {
            out.insert(header::CONTENT_TYPE, mime);
        }
        if let Some(encoding) = encoding {
            out.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        out.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
        if method == Method::GET {
            *response.body_mut() = Body::from(body);
        }
        Some(response)
    }

    /// The Leptos settings this binary was built with. The address is still read from
    /// `LEPTOS_SITE_ADDR` (documented in `.env.example`). leptos 0.8 reads the hashed file
    /// names from a file on each page render (`HydrationScripts`, `HashedStylesheet`: the
    /// binary's directory joined with `hash_file`), so the embedded hash file is written to
    /// `data_dir/site-hashes.txt` at start, and named by its absolute path.
    pub fn leptos_options(data_dir: &Path) -> anyhow::Result<LeptosOptions> {
        let site_addr: SocketAddr = std::env::var("LEPTOS_SITE_ADDR")
            .unwrap_or_else(|_| env!("LEPTOS_SITE_ADDR").to_owned())
            .parse()
            .context("LEPTOS_SITE_ADDR is not an address such as 127.0.0.1:3000")?;
        app::ssr::private_files::create_private_dir_all(data_dir)
            .with_context(|| format!("creating DATA_DIR {}", data_dir.display()))?;
        let hash_file =
            std::path::absolute(data_dir.join("site-hashes.txt")).context("resolving DATA_DIR")?;
        app::ssr::private_files::ensure_private_file(&hash_file)
            .and_then(|()| std::fs::write(&hash_file, HASHES))
            .with_context(|| format!("writing {}", hash_file.display()))?;
        Ok(LeptosOptions::builder()
            .output_name(env!("LEPTOS_OUTPUT_NAME"))
            .site_root(env!("LEPTOS_SITE_ROOT"))
            .site_pkg_dir(env!("LEPTOS_SITE_PKG_DIR"))
            .site_addr(site_addr)
            .env(Env::PROD)
            .hash_files(true)
            .hash_file(hash_file.to_string_lossy().into())
            .build())
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brotli_is_accepted_when_listed_or_starred_and_not_refused() {
        assert!(accepts_brotli("gzip, deflate, br, zstd"));
        assert!(accepts_brotli("BR;q=0.5"));
        assert!(accepts_brotli("gzip, *"));
        assert!(!accepts_brotli("gzip, deflate"));
        assert!(!accepts_brotli("br;q=0, *"));
        assert!(!accepts_brotli("*;q=0"));
        assert!(!accepts_brotli(""));
    }

    #[test]
    fn if_none_match_names_the_tag_weakly_or_stars() {
        assert!(etag_matches("\"abc\"", "\"abc\""));
        assert!(etag_matches("\"x\", W/\"abc\"", "\"abc\""));
        assert!(etag_matches("*", "\"abc\""));
        assert!(!etag_matches("\"abc-br\"", "\"abc\""));
        assert!(!etag_matches("", "\"abc\""));
    }
}
