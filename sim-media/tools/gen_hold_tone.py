#!/usr/bin/env python3
"""Regenerates ../assets/hold_tone.opus-frames: the Opus frames the engine loops to a held leg.

Why pre-encoded: the crate must build without a C Opus library. This script needs libopus
(`apt-get install libopus0`) only when the tone is changed. Run: python3 tools/gen_hold_tone.py

Cycle: 400 ms of 440 Hz at -24 dBFS (10 ms fades), then 1600 ms of silence; mono, 48 kHz,
20 ms frames, 24 kbit/s, DTX off so every frame is sent. File format: per frame a big-endian u16
length, then the frame bytes.
"""
import ctypes
import ctypes.util
import math
import pathlib
import struct

RATE, FRAME, APP_VOIP, SET_BITRATE = 48000, 960, 2048, 4002
lib = ctypes.CDLL(ctypes.util.find_library("opus") or "libopus.so.0")
lib.opus_encoder_create.restype = ctypes.c_void_p
lib.opus_encoder_create.argtypes = [ctypes.c_int32, ctypes.c_int, ctypes.c_int, ctypes.POINTER(ctypes.c_int)]
lib.opus_encode.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int16), ctypes.c_int, ctypes.c_char_p, ctypes.c_int32]
lib.opus_encoder_ctl.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int32]
err = ctypes.c_int()
enc = lib.opus_encoder_create(RATE, 1, APP_VOIP, ctypes.byref(err))
assert err.value == 0, err.value
lib.opus_encoder_ctl(enc, SET_BITRATE, 24000)

tone_samples, total = RATE * 400 // 1000, RATE * 2
fade = RATE * 10 // 1000
amp = 32767 * 10 ** (-24 / 20)
pcm = []
for n in range(total):
    if n < tone_samples:
        gain = min(1.0, n / fade, (tone_samples - n) / fade)
        pcm.append(int(amp * gain * math.sin(2 * math.pi * 440 * n / RATE)))
    else:
        pcm.append(0)

out = bytearray()
buf = ctypes.create_string_buffer(1500)
for start in range(0, total, FRAME):
    frame = (ctypes.c_int16 * FRAME)(*pcm[start:start + FRAME])
    n = lib.opus_encode(enc, frame, FRAME, buf, 1500)
    assert n > 0, n
    out += struct.pack(">H", n) + buf.raw[:n]

path = pathlib.Path(__file__).resolve().parent.parent / "assets" / "hold_tone.opus-frames"
path.write_bytes(out)
print(f"{total // FRAME} frames, {len(out)} bytes -> {path}")
