#!/usr/bin/env python3
"""Writes the 15 sounds the Twilio Voice SDK plays into public/sounds/ as tiny WAV files.

Our own files, so the SDK never fetches its defaults from sdk.twilio.com (offline, CSP, and the 2 s
ringtone wait when they can't load: shared/docs/twilio.md §6.12). 8 kHz, 8-bit mono keeps all 15
under 40 KB. Deterministic: re-running produces identical bytes, so the committed files can be
checked with `git diff --exit-code public/sounds`.

    python3 sdk/generate_sounds.py
"""
import math
import pathlib
import struct

RATE = 8000
OUT = pathlib.Path(__file__).resolve().parent.parent / "public" / "sounds"

# ITU-T Q.23 keypad frequencies (low, high) in Hz.
DTMF = {
    "1": (697, 1209), "2": (697, 1336), "3": (697, 1477),
    "4": (770, 1209), "5": (770, 1336), "6": (770, 1477),
    "7": (852, 1209), "8": (852, 1336), "9": (852, 1477),
    "s": (941, 1209), "0": (941, 1336), "h": (941, 1477),
}


def tone(freqs, seconds, volume=0.35):
    """Samples in -1..1 of summed sines, with 5 ms fades so there is no click."""
    n = int(RATE * seconds)
    fade = int(RATE * 0.005)
    out = []
    for i in range(n):
        v = sum(math.sin(2 * math.pi * f * i / RATE) for f in freqs) / len(freqs)
        ramp = min(1.0, i / fade, (n - 1 - i) / fade) if fade else 1.0
        out.append(v * volume * ramp)
    return out


def silence(seconds):
    return [0.0] * int(RATE * seconds)


def write_wav(name, samples):
    data = bytes(max(0, min(255, round(128 + s * 127))) for s in samples)
    header = b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVE"
    fmt = b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, RATE, RATE, 1, 8)
    (OUT / f"{name}.wav").write_bytes(header + fmt + b"data" + struct.pack("<I", len(data)) + data)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    # UK double ring (400+450 Hz, 0.4 on, 0.2 off, 0.4 on, 2 off); the SDK loops it.
    ring = tone((400, 450), 0.4)
    write_wav("incoming", ring + silence(0.2) + ring + silence(1.4))
    # A short rising chirp when a call starts, a falling one when it ends.
    write_wav("outgoing", tone((660,), 0.08) + silence(0.04) + tone((880,), 0.08))
    write_wav("disconnect", tone((880,), 0.08) + silence(0.04) + tone((520,), 0.12))
    for key, freqs in DTMF.items():
        write_wav(f"dtmf{key}", tone(freqs, 0.12))


if __name__ == "__main__":
    main()
