//! The text of a file the user picked in an `<input type="file">` (`File.text()`, UTF-8).

/// A picked file: its name and text.
pub struct PickedFile {
    /// As on the user's disk (`contacts.vcf`).
    pub name: String,
    /// Decoded as UTF-8; bytes that are not become U+FFFD, which the server reports.
    pub text: String,
}

/// Why no text was read.
#[derive(Debug, PartialEq, Eq)]
pub enum PickError {
    /// No file chosen (or on the server).
    Nothing,
    /// Bigger than allowed, in bytes.
    TooBig(u64),
    /// The browser could not read it.
    Unreadable,
}

/// Reads the first file chosen in `input`, refusing one over `max_bytes` before reading it.
pub async fn read_picked_file(
    input: &web_sys::HtmlInputElement,
    max_bytes: usize,
) -> Result<PickedFile, PickError> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen_futures::JsFuture;
        let file = input
            .files()
            .and_then(|files| files.get(0))
            .ok_or(PickError::Nothing)?;
        let size = file.size() as u64;
        if size > max_bytes as u64 {
            return Err(PickError::TooBig(size));
        }
        let text = JsFuture::from(file.text())
            .await
            .ok()
            .and_then(|t| t.as_string())
            .ok_or(PickError::Unreadable)?;
        Ok(PickedFile {
            name: file.name(),
            text,
        })
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (input, max_bytes);
        Err(PickError::Nothing)
    }
}
