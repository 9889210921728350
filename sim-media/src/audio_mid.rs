//! `audio_mid()`: finds the audio m-line in an SDP we generated.

use str0m::media::Mid;

/// The mid of the first enabled `m=audio` section. str0m only reports a browser's m-lines
/// (`MediaAdded`) once DTLS is up, but the answer is needed now. Only used on str0m's own
/// output, whose layout is regular.
pub(crate) fn audio_mid(sdp: &str) -> Option<Mid> {
    let mut in_audio = false;
    for line in sdp.lines() {
        if let Some(media) = line.strip_prefix("m=") {
            let mut fields = media.split_whitespace();
            in_audio = fields.next() == Some("audio") && fields.next() != Some("0");
        } else if let Some(mid) = line.strip_prefix("a=mid:").filter(|_| in_audio) {
            return Some(Mid::from(mid.trim()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_enabled_audio_section_is_found() {
        let sdp = "v=0\r\nm=video 0 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\n\
                   m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:1\r\n";
        assert_eq!(audio_mid(sdp), Some(Mid::from("1")));
    }

    #[test]
    fn a_rejected_audio_section_is_not() {
        assert_eq!(
            audio_mid("m=audio 0 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\n"),
            None
        );
    }
}
