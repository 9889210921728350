//! `TwimlWriter`: the only producer of TwiML text. Element and attribute names are
//! `&'static str` chosen by our code; every value goes through [`escape`], so no input can change
//! the document's structure.

/// The XML declaration and root that start every document, as Twilio's helpers write them.
const PROLOGUE: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Response>"#;

/// Whether XML 1.0 can carry `c` at all (the `Char` production of the XML spec, §2.2).
///
/// Lone surrogates cannot occur in a Rust `str`, so what is left to drop is the C0 controls other
/// than tab, line feed and carriage return, and U+FFFE/U+FFFF.
pub fn is_xml_char(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..
    )
}

/// Appends `value` to `out`, escaped so that it is safe in both text and attribute positions,
/// and drops the characters XML 1.0 cannot carry (see [`is_xml_char`]).
///
/// Tab, line feed and carriage return are written as character references: a parser would
/// otherwise turn them into spaces in attribute values and fold `\r\n` into `\n` in text, and
/// values must read back exactly as written.
pub fn escape(value: &str, out: &mut String) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
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
        out.push_str(PROLOGUE);
        Self {
            out,
            open: vec!["Response"],
        }
    }

    fn open_tag(&mut self, name: &'static str, attrs: &[(&'static str, &str)]) {
        self.out.push('<');
        self.out.push_str(name);
        // Twilio's helpers sort attributes by name; sorting here keeps callers free of that rule.
        let mut order: Vec<usize> = (0..attrs.len()).collect();
        order.sort_by_key(|&i| attrs[i].0);
        for (key, value) in order.into_iter().map(|i| attrs[i]) {
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

    /// Writes a self-closing element, spelt `<Name />` like Twilio's Python helper.
    pub fn empty(&mut self, name: &'static str, attrs: &[(&'static str, &str)]) {
        self.open_tag(name, attrs);
        self.out.push_str(" />");
    }

    /// Writes an element whose only content is `text`.
    pub fn element(&mut self, name: &'static str, attrs: &[(&'static str, &str)], text: &str) {
        self.start(name, attrs);
        self.text(text);
        self.end();
    }

    /// Writes escaped text in the current element.
    pub fn text(&mut self, text: &str) {
        escape(text, &mut self.out);
    }

    /// Closes the innermost open element. The root stays open: [`finish`](Self::finish) closes
    /// it, so an extra `end` cannot end the document early.
    pub fn end(&mut self) {
        if self.open.len() > 1
            && let Some(name) = self.open.pop()
        {
            self.close_tag(name);
        }
    }

    fn close_tag(&mut self, name: &'static str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    /// Closes every open element and returns the document.
    pub fn finish(mut self) -> String {
        while let Some(name) = self.open.pop() {
            self.close_tag(name);
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(value: &str) -> String {
        let mut out = String::new();
        escape(value, &mut out);
        out
    }

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
    fn characters_xml_cannot_carry_are_dropped_and_the_rest_kept() {
        assert_eq!(escaped("a\u{FFFE}b\u{FFFF}c\u{1B}d\u{8}"), "abcd");
        assert_eq!(
            escaped("\u{7F}\u{85}é😀\u{FFFD}"),
            "\u{7F}\u{85}é😀\u{FFFD}"
        );
    }

    #[test]
    fn whitespace_controls_become_character_references() {
        assert_eq!(escaped("a\tb\nc\r\nd"), "a&#9;b&#10;c&#13;&#10;d");
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

    #[test]
    fn empty_elements_have_a_space_before_the_slash() {
        let mut w = TwimlWriter::new();
        w.empty("Hangup", &[]);
        assert_eq!(
            w.finish(),
            r#"<?xml version="1.0" encoding="UTF-8"?><Response><Hangup /></Response>"#
        );
    }

    #[test]
    fn an_extra_end_never_closes_the_root_early() {
        let mut w = TwimlWriter::new();
        w.end();
        w.empty("Leave", &[]);
        assert_eq!(
            w.finish(),
            r#"<?xml version="1.0" encoding="UTF-8"?><Response><Leave /></Response>"#
        );
    }
}
