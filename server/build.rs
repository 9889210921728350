//! With the `embed-site` feature: finds the site that cargo-leptos built (target/site) and its
//! hash file, checks that they belong together, and hands them to `src/embedded_site.rs`.
//! Without the feature it does nothing.
//!
//! cargo-leptos writes the site, names its files by content hash and precompresses them (`-P`)
//! before it compiles the server, so `cargo leptos build --release -P --bin-features embed-site`
//! (what `scripts/release` runs) finds them here, and passes the LEPTOS_* settings to this build.

use std::{
    env, fs,
    path::{Path, PathBuf},
    process::exit,
};

fn main() {
    if env::var_os("CARGO_FEATURE_EMBED_SITE").is_none() {
        return;
    }
    for name in [
        "LEPTOS_OUTPUT_NAME",
        "LEPTOS_SITE_ROOT",
        "LEPTOS_SITE_PKG_DIR",
        "LEPTOS_HASH_FILES",
        "LEPTOS_HASH_FILE_NAME",
    ] {
        println!("cargo::rerun-if-env-changed={name}");
    }
    let output_name = setting("LEPTOS_OUTPUT_NAME");
    let pkg_dir = setting("LEPTOS_SITE_PKG_DIR");
    if setting("LEPTOS_HASH_FILES") != "true" {
        fail("the site's files must be named by content hash (hash-files = true in Cargo.toml)");
    }
    let workspace = PathBuf::from(setting("CARGO_MANIFEST_DIR")).join("..");
    let site = workspace.join(setting("LEPTOS_SITE_ROOT"));
    let site = fs::canonicalize(&site)
        .unwrap_or_else(|e| fail(&format!("no site at {}: {e}", site.display())));

    // cargo-leptos writes the hash file beside the server binary: OUT_DIR is
    // <target>/<profile>/build/server-<hash>/out.
    let out_dir = PathBuf::from(setting("OUT_DIR"));
    let hash_file = out_dir
        .ancestors()
        .nth(3)
        .unwrap_or_else(|| fail("OUT_DIR is not inside a target directory"))
        .join(setting("LEPTOS_HASH_FILE_NAME"));
    let hashes = fs::read_to_string(&hash_file)
        .unwrap_or_else(|e| fail(&format!("reading {}: {e}", hash_file.display())));
    for (kind, hash) in hashes.lines().filter_map(|line| line.split_once(':')) {
        let (kind, hash) = (kind.trim(), hash.trim());
        if matches!(kind, "js" | "wasm" | "css") {
            let file = site
                .join(&pkg_dir)
                .join(format!("{output_name}.{hash}.{kind}"));
            if !file.is_file() {
                fail(&format!(
                    "{} names {}, which the site does not have: rebuild the site",
                    hash_file.display(),
                    file.display()
                ));
            }
        }
    }
    if !has_brotli(&site) {
        println!(
            "cargo::warning=the site has no .br files: build it with `cargo leptos build --release -P`, \
             or the binary serves every file uncompressed"
        );
    }

    fs::write(out_dir.join("site-hashes.txt"), &hashes)
        .unwrap_or_else(|e| fail(&format!("writing to OUT_DIR: {e}")));
    println!("cargo::rustc-env=SOFTPHONE_SITE_DIR={}", site.display());
    println!("cargo::rerun-if-changed={}", site.display());
    println!("cargo::rerun-if-changed={}", hash_file.display());
}

fn setting(name: &str) -> String {
    env::var(name).unwrap_or_else(|_| {
        fail(&format!(
            "{name} is not set: the embed-site feature is built through cargo-leptos, which sets \
             it (scripts/release)"
        ))
    })
}

fn has_brotli(dir: &Path) -> bool {
    fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .any(|entry| {
            let path = entry.path();
            path.extension().is_some_and(|ext| ext == "br") || (path.is_dir() && has_brotli(&path))
        })
}

fn fail(why: &str) -> ! {
    eprintln!("error (embed-site): {why}");
    exit(1)
}
