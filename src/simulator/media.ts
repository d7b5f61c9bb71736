/**
 * The bytes the simulator serves: real, small, valid baseline JPEGs (an 8×8 grey image, optionally
 * with an Exif `DateTimeOriginal`) padded with deterministic comment segments to any size, and
 * MP4-like videos (`ftyp` + `mdat`). Everything is generated lazily from a seed, so a 2 GiB video
 * is never held in memory. The Takeout fixture generator uses the same functions.
 *
 * @module
 */
import { Prng } from "./prng.ts";

const CHUNK = 64 * 1024;

function u16(n: number): number[] {
  return [(n >> 8) & 0xff, n & 0xff];
}

/**
 * The Exif APP1 segment holding one DateTimeOriginal ("YYYY:MM:DD HH:MM:SS"), and when the text
 * goes on with a UTC offset ("YYYY:MM:DD HH:MM:SS+09:00", as EXIF 2.31 cameras record it) an
 * OffsetTimeOriginal beside it.
 */
function exifSegment(date: string): Uint8Array {
  if (date.length > 19) return exifSegmentWithOffset(date.slice(0, 19), date.slice(19));
  const text = new TextEncoder().encode(date.slice(0, 19).padEnd(19, " "));
  const tiff = new Uint8Array(64);
  const view = new DataView(tiff.buffer);
  tiff.set([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00]);
  view.setUint16(8, 1, true);
  view.setUint16(10, 0x8769, true); // ExifIFDPointer
  view.setUint16(12, 4, true);
  view.setUint32(14, 1, true);
  view.setUint32(18, 26, true);
  view.setUint32(22, 0, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, 0x9003, true); // DateTimeOriginal
  view.setUint16(30, 2, true);
  view.setUint32(32, 20, true);
  view.setUint32(36, 44, true);
  view.setUint32(40, 0, true);
  tiff.set(text, 44);
  const payload = [...new TextEncoder().encode("Exif\0\0"), ...tiff];
  return new Uint8Array([0xff, 0xe1, ...u16(payload.length + 2), ...payload]);
}

function exifSegmentWithOffset(date: string, offset: string): Uint8Array {
  const tiff = new Uint8Array(84);
  const view = new DataView(tiff.buffer);
  tiff.set([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00]);
  view.setUint16(8, 1, true);
  view.setUint16(10, 0x8769, true); // ExifIFDPointer → 26
  view.setUint16(12, 4, true);
  view.setUint32(14, 1, true);
  view.setUint32(18, 26, true);
  view.setUint16(26, 2, true);
  const ascii = (at: number, tag: number, count: number, valueAt: number) => {
    view.setUint16(at, tag, true);
    view.setUint16(at + 2, 2, true);
    view.setUint32(at + 4, count, true);
    view.setUint32(at + 8, valueAt, true);
  };
  ascii(28, 0x9003, 20, 56); // DateTimeOriginal
  ascii(40, 0x9011, 7, 76); // OffsetTimeOriginal
  tiff.set(new TextEncoder().encode(date), 56);
  tiff.set(new TextEncoder().encode(offset.slice(0, 6).padEnd(6, " ")), 76);
  const payload = [...new TextEncoder().encode("Exif\0\0"), ...tiff];
  return new Uint8Array([0xff, 0xe1, ...u16(payload.length + 2), ...payload]);
}

/** The fixed tail of the JPEG: tables, frame, one 8×8 block, end of image. */
function jpegTail(shade: number): Uint8Array {
  const dqt = [0xff, 0xdb, 0x00, 0x43, 0x00, ...new Array(64).fill(1)];
  const sof = [0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00];
  // One-code Huffman tables: DC difference 0 is code "0", AC end-of-block is code "0".
  const dhtDc = [0xff, 0xc4, 0x00, 0x14, 0x00, 1, ...new Array(15).fill(0), 0x00];
  const dhtAc = [0xff, 0xc4, 0x00, 0x14, 0x10, 1, ...new Array(15).fill(0), 0x00];
  const sos = [0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00];
  const comment = [0xff, 0xfe, 0x00, 0x03, shade & 0xff];
  return new Uint8Array([
    ...comment,
    ...dqt,
    ...sof,
    ...dhtDc,
    ...dhtAc,
    ...sos,
    0x3f,
    0xff,
    0xd9,
  ]);
}

/** Padding is 0 or at least 4 bytes (the smallest COM segment). */
function paddingFor(requested: number): number {
  const pad = Math.max(0, requested);
  return pad > 0 && pad < 4 ? 4 : pad;
}

// Segment lengths do not depend on their content; computed once because libraries of 100k items
// ask for many sizes.
const EXIF_LENGTH = exifSegment("0000:00:00 00:00:00").length;
const EXIF_OFFSET_LENGTH = exifSegment("0000:00:00 00:00:00+00:00").length;
const TAIL_LENGTH = jpegTail(0).length;

/** The exact size {@linkcode photoBytes} produces for a requested size. */
export function photoSize(requested: number, exifDate?: string): number {
  const exif = !exifDate ? 0 : exifDate.length > 19 ? EXIF_OFFSET_LENGTH : EXIF_LENGTH;
  const min = 2 + exif + TAIL_LENGTH;
  return min + paddingFor(requested - min);
}

/**
 * The segments of a JPEG of {@linkcode photoSize}`(size)` bytes, made one at a time. Padding lives
 * in COM segments between the header and the image, so every decoder skips it.
 */
function* photoSegments(
  seed: string,
  size: number,
  exifDate?: string,
  xmp?: Uint8Array,
): Generator<Uint8Array> {
  const prng = new Prng(`photo:${seed}`);
  const head = new Uint8Array([
    0xff,
    0xd8,
    ...(exifDate ? exifSegment(exifDate) : []),
    ...(xmp ?? []),
  ]);
  const tail = jpegTail(prng.nextU32());
  let padding = paddingFor(size - head.length - tail.length);
  yield head;
  while (padding > 0) {
    // A COM segment carries at most 65533 bytes; a remainder under 4 bytes is folded in earlier.
    let body = Math.min(padding - 4, 65533);
    if (padding - (body + 4) > 0 && padding - (body + 4) < 4) body -= 4;
    if (body < 0) body = 0;
    const segment = new Uint8Array(body + 4);
    segment.set([0xff, 0xfe, ...u16(body + 2)]);
    prng.fill(segment.subarray(4));
    padding -= segment.length;
    yield segment;
  }
  yield tail;
}

/** A valid JPEG of {@linkcode photoSize}`(size)` bytes, as a lazy stream. */
export function photoBytes(
  seed: string,
  size: number,
  exifDate?: string,
): ReadableStream<Uint8Array> {
  const segments = photoSegments(seed, size, exifDate);
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const { done, value } = segments.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
  });
}

/** The same JPEG as {@linkcode photoBytes}, in memory (for small fixtures). */
export function photoBytesSync(seed: string, size: number, exifDate?: string): Uint8Array {
  return concat([...photoSegments(seed, size, exifDate)]);
}

/** Which marker a camera wrote: Pixels since 2020 `MotionPhoto`, older `MVIMG_` files `MicroVideo`. */
export type MotionMarker = "MotionPhoto" | "MicroVideo";

/** The XMP APP1 segment a Google camera writes into a motion photo whose video is `videoLength`. */
function motionXmpSegment(marker: MotionMarker, videoLength: number): Uint8Array {
  const fields = marker === "MotionPhoto"
    ? `GCamera:MotionPhoto="1" GCamera:MotionPhotoVersion="1"
        GCamera:MotionPhotoPresentationTimestampUs="1066666"`
    : `GCamera:MicroVideo="1" GCamera:MicroVideoVersion="1"
        GCamera:MicroVideoOffset="${videoLength}"`;
  const xml = `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
  <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
    <rdf:Description rdf:about=""
        xmlns:GCamera="http://ns.google.com/photos/1.0/camera/"
        ${fields}/>
  </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
  const payload = new TextEncoder().encode(`http://ns.adobe.com/xap/1.0/\0${xml}`);
  return new Uint8Array([0xff, 0xe1, ...u16(payload.length + 2), ...payload]);
}

/**
 * A Google motion photo (`PXL_….MP.jpg`, `MVIMG_….jpg`): a JPEG whose XMP carries the camera's
 * `marker`, with the MP4 of `videoSize` bytes appended after the image's end, as the phone writes
 * it. Viewers that know nothing of it show the still.
 */
export async function motionPhotoBytes(
  seed: string,
  o: { size: number; videoSize: number; marker: MotionMarker; exifDate?: string },
): Promise<Uint8Array> {
  const video = new Uint8Array(
    await new Response(videoBytes(`${seed}:video`, o.videoSize)).arrayBuffer(),
  );
  const xmp = motionXmpSegment(o.marker, video.length);
  return concat([...photoSegments(seed, o.size, o.exifDate, xmp), video]);
}

/** The bytes of `parts`, one after another. */
export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** An MP4-like video of exactly `size` bytes (at least 40): `ftyp`, then `mdat` of seeded bytes. */
export function videoBytes(seed: string, size: number): ReadableStream<Uint8Array> {
  const prng = new Prng(`video:${seed}`);
  const total = Math.max(40, size);
  const ftyp = new Uint8Array([
    0x00,
    0x00,
    0x00,
    0x18,
    0x66,
    0x74,
    0x79,
    0x70,
    0x69,
    0x73,
    0x6f,
    0x6d,
    0x00,
    0x00,
    0x02,
    0x00,
    0x69,
    0x73,
    0x6f,
    0x6d,
    0x69,
    0x73,
    0x6f,
    0x32,
  ]);
  // A 64-bit mdat header (size field 1) works for any size, including > 4 GiB.
  const mdatHeader = new Uint8Array(16);
  const view = new DataView(mdatHeader.buffer);
  view.setUint32(0, 1);
  mdatHeader.set([0x6d, 0x64, 0x61, 0x74], 4);
  view.setBigUint64(8, BigInt(total - 24));
  let remaining = total - 40;
  let stage = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (stage === 0) {
        const first = new Uint8Array(40);
        first.set(ftyp);
        first.set(mdatHeader, 24);
        controller.enqueue(first);
        stage = 1;
        if (remaining === 0) controller.close();
        return;
      }
      const chunk = new Uint8Array(Math.min(CHUNK, remaining));
      prng.fill(chunk);
      remaining -= chunk.length;
      controller.enqueue(chunk);
      if (remaining === 0) controller.close();
    },
  });
}
