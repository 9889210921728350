//! `ogg_opus()`: a recording's Opus frames as an Ogg Opus file (RFC 7845), which browsers play.

use std::{io::Cursor, time::Duration};

use ogg::{PacketWriteEndInfo, PacketWriter};

/// Opus always counts time in 48 kHz samples, whatever the audio's bandwidth (RFC 7845 §4).
const SAMPLE_RATE: u64 = 48_000;
const VENDOR: &[u8] = b"softphone twilio-sim";

/// An Ogg Opus file holding `frames` (RTP payloads, in order) back to back, and how long they
/// play. Frames whose table-of-contents byte cannot be read are left out. No frame at all gives
/// a valid file of zero length.
pub fn ogg_opus(frames: &[Vec<u8>], serial: u32) -> (Vec<u8>, Duration) {
    let frames: Vec<(&[u8], u64)> = frames
        .iter()
        .filter_map(|f| Some((f.as_slice(), samples(f)?)))
        .collect();
    let channels = match frames.first() {
        // The TOC's "s" bit: a stereo packet (RFC 6716 §3.1).
        Some((frame, _)) if frame[0] & 0x04 != 0 => 2,
        _ => 1,
    };
    let mut writer = PacketWriter::new(Cursor::new(Vec::new()));
    // Writing to a Vec cannot fail.
    let mut write = |packet: Vec<u8>, end: PacketWriteEndInfo, granule: u64| {
        writer
            .write_packet(packet, serial, end, granule)
            .expect("writing to memory");
    };
    write(opus_head(channels), PacketWriteEndInfo::EndPage, 0);
    write(opus_tags(), PacketWriteEndInfo::EndPage, 0);
    let mut granule = 0;
    for (i, (frame, samples)) in frames.iter().enumerate() {
        granule += samples;
        let end = if i + 1 == frames.len() {
            PacketWriteEndInfo::EndStream
        } else {
            PacketWriteEndInfo::NormalPacket
        };
        write(frame.to_vec(), end, granule);
    }
    let bytes = writer.into_inner().into_inner();
    (
        bytes,
        Duration::from_micros(granule * 1_000_000 / SAMPLE_RATE),
    )
}

/// The identification header (RFC 7845 §5.1): no pre-skip (the stream starts mid-call, not at
/// an encoder's start), 48 kHz input, no gain, mono or stereo (mapping family 0).
fn opus_head(channels: u8) -> Vec<u8> {
    let mut head = b"OpusHead".to_vec();
    head.push(1); // version
    head.push(channels);
    head.extend_from_slice(&0u16.to_le_bytes()); // pre-skip
    head.extend_from_slice(&48_000u32.to_le_bytes());
    head.extend_from_slice(&0i16.to_le_bytes()); // output gain
    head.push(0); // channel mapping family
    head
}

/// The comment header (RFC 7845 §5.2): a vendor string and no comments.
fn opus_tags() -> Vec<u8> {
    let mut tags = b"OpusTags".to_vec();
    tags.extend_from_slice(&(VENDOR.len() as u32).to_le_bytes());
    tags.extend_from_slice(VENDOR);
    tags.extend_from_slice(&0u32.to_le_bytes());
    tags
}

/// How many 48 kHz samples an Opus packet decodes to, from its TOC byte (RFC 6716 §3.1);
/// `None` for an empty or malformed packet.
fn samples(packet: &[u8]) -> Option<u64> {
    let toc = *packet.first()?;
    let config = toc >> 3;
    let per_frame: u64 = match config {
        0..=11 => [480, 960, 1920, 2880][usize::from(config % 4)], // SILK: 10, 20, 40, 60 ms
        12..=15 => [480, 960][usize::from(config % 2)],            // Hybrid: 10, 20 ms
        _ => [120, 240, 480, 960][usize::from(config % 4)],        // CELT: 2.5, 5, 10, 20 ms
    };
    let count = match toc & 0x03 {
        0 => 1,
        1 | 2 => 2,
        _ => u64::from(*packet.get(1)? & 0x3f),
    };
    // No packet may hold more than 120 ms (RFC 6716 §3.2.5).
    (count > 0 && per_frame * count <= 5760).then_some(per_frame * count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toc_bytes_give_the_packet_length() {
        assert_eq!(samples(&[0xf8, 0xff]), Some(960)); // CELT FB 20 ms mono, one frame
        assert_eq!(samples(&[0xfc]), Some(960)); // the same, stereo
        assert_eq!(samples(&[0x78]), Some(960)); // Hybrid FB 20 ms
        assert_eq!(samples(&[0x18]), Some(2880)); // SILK NB 60 ms
        assert_eq!(samples(&[0x09]), Some(960 * 2)); // SILK NB 20 ms, two frames
        assert_eq!(samples(&[0x1b, 0x03]), None); // three 60 ms frames: over 120 ms
        assert_eq!(samples(&[0x03, 0x06]), Some(480 * 6)); // code 3, six 10 ms frames
        assert_eq!(samples(&[0x03]), None); // code 3 without its count byte
        assert_eq!(samples(&[]), None);
    }

    #[test]
    fn the_file_starts_with_the_two_headers_and_counts_every_frame() {
        let frames = vec![vec![0xf8, 1, 2], vec![], vec![0xf8, 3], vec![0xf8, 4]];
        let (file, duration) = ogg_opus(&frames, 7);
        assert_eq!(duration, Duration::from_millis(60));
        let mut reader = ogg::PacketReader::new(Cursor::new(file));
        let mut packets = Vec::new();
        while let Some(packet) = reader.read_packet().unwrap() {
            packets.push(packet);
        }
        assert!(packets[0].data.starts_with(b"OpusHead"));
        assert_eq!(packets[0].data[9], 1, "mono");
        assert!(packets[1].data.starts_with(b"OpusTags"));
        let audio: Vec<_> = packets[2..].iter().map(|p| p.data.clone()).collect();
        assert_eq!(audio, vec![vec![0xf8, 1, 2], vec![0xf8, 3], vec![0xf8, 4]]);
        let last = packets.last().unwrap();
        assert!(last.last_in_stream());
        assert_eq!(last.absgp_page(), 3 * 960);
    }

    #[test]
    fn a_stereo_first_frame_makes_a_stereo_file() {
        let (file, _) = ogg_opus(&[vec![0xfc, 1]], 7);
        let mut reader = ogg::PacketReader::new(Cursor::new(file));
        assert_eq!(reader.read_packet().unwrap().unwrap().data[9], 2);
    }

    #[test]
    fn no_frames_make_an_empty_but_valid_file() {
        let (file, duration) = ogg_opus(&[], 1);
        assert_eq!(duration, Duration::ZERO);
        assert!(file.starts_with(b"OggS"));
    }
}
