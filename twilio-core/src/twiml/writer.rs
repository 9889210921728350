//! `TwimlWriter`: builds a TwiML document. Names are `&'static str` chosen by our code; every
//! value and text goes through [`escape`], so no input can change the document's structure.

/// Appends `value` to `out`, escaped for both text and attribute positions, dropping characters
/// XML 1.0 cannot carry (most control characters, U+FFFE, U+FFFF).
pub fn escape(value: &str, out: &mut String) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

/// Writes `<?xml …?><Response>…</Response>` the way Twilio's helper libraries do: attributes in
/// alphabetical order, empty elements as `<Hangup />`.
#[derive(Debug)]
pub struct TwimlWriter {
    out: String,
    open: Vec<&'static str>,
}

impl Default for TwimlWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl TwimlWriter {
    /// Starts a document with the XML declaration and the `<Response>` root.
    pub fn new() -> Self {
        let mut out = String::with_capacity(256);
        out.push_str(r#"<?xml version="1.0" encoding="UTF-8"?><Response>"#);
        Self {
            out,
            open: vec!["Response"],
        }
    }

    fn open_tag(&mut self, name: &'static str, attrs: &[(&'static str, &str)]) {
        let mut sorted: Vec<_> = attrs.to_vec();
        sorted.sort_by_key(|(k, _)| *k);
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in sorted {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            escape(value, &mut self.out);
            self.out.push('"');
        }
    }

    /// Opens an element; close it with [`end`](Self::end).
    pub fn start(&mut self, name: &'static str, attrs: &[(&'static str, &str)]) {
        self.open_tag(name, attrs);
        self.out.push('>');
        self.open.push(name);
    }

    /// Writes a self-closing element.
    pub fn empty(&mut self, name: &'static str, attrs: &[(&'static str, &str)]) {
        self.open_tag(name, attrs);
        self.out.push_str(" />");
    }

    /// Writes an element with text content.
    pub fn element(&mut self, name: &'static str, attrs: &[(&'static str, &str)], text: &str) {
        self.start(name, attrs);
        self.text(text);
        self.end();
    }

    /// Writes escaped text in the current element.
    pub fn text(&mut self, text: &str) {
        escape(text, &mut self.out);
    }

    /// Closes the innermost open element (never the root: `finish` does that).
    pub fn end(&mut self) {
        if self.open.len() > 1
            && let Some(name) = self.open.pop()
        {
            self.out.push_str("</");
            self.out.push_str(name);
            self.out.push('>');
        }
    }

    /// Closes every open element and returns the document.
    pub fn finish(mut self) -> String {
        while let Some(name) = self.open.pop() {
            self.out.push_str("</");
            self.out.push_str(name);
            self.out.push('>');
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_values_is_escaped_and_control_characters_dropped() {
        let mut w = TwimlWriter::new();
        w.element(
            "Say",
            &[("voice", "a\"b")],
            "<Dial>+1900</Dial> & 'x'\u{0}\u{7}",
        );
        assert_eq!(
            w.finish(),
            r#"<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="a&quot;b">&lt;Dial&gt;+1900&lt;/Dial&gt; &amp; &apos;x&apos;</Say></Response>"#
        );
    }

    #[test]
    fn attributes_come_out_in_alphabetical_order_and_finish_closes_everything() {
        let mut w = TwimlWriter::new();
        w.start("Dial", &[("timeout", "20"), ("action", "/a")]);
        w.start("Client", &[]);
        assert_eq!(
            w.finish(),
            r#"<?xml version="1.0" encoding="UTF-8"?><Response><Dial action="/a" timeout="20"><Client></Client></Dial></Response>"#
        );
    }
}
