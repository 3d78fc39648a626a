/**
 * An encoded stream cut into what WebCodecs' VideoDecoder takes, one chunk per picture:
 * annex-B H.264 into access units (a new one starts at a slice whose first_mb_in_slice is 0,
 * its SPS/PPS/SEI going with it), IVF (VP9) by its frame headers.
 */
export interface StreamChunk {
  key: boolean;
  data: Uint8Array;
}

/** Offsets of the NAL units after each 3- or 4-byte start code, with their ends. */
function nalUnits(stream: Uint8Array): { start: number; end: number; codeStart: number }[] {
  const units: { start: number; end: number; codeStart: number }[] = [];
  for (let i = 0; i + 2 < stream.length; i += 1) {
    if (stream[i] === 0 && stream[i + 1] === 0 && stream[i + 2] === 1) {
      const codeStart = i > 0 && stream[i - 1] === 0 ? i - 1 : i;
      if (units.length > 0) units[units.length - 1]!.end = codeStart;
      units.push({ start: i + 3, end: stream.length, codeStart });
      i += 2;
    }
  }
  return units;
}

export function annexBAccessUnits(stream: Uint8Array): StreamChunk[] {
  const chunks: StreamChunk[] = [];
  let unitStart: number | undefined;
  let sawSlice = false;
  let key = false;
  const close = (end: number) => {
    if (unitStart !== undefined && sawSlice) chunks.push({ key, data: stream.subarray(unitStart, end) });
  };
  for (const nal of nalUnits(stream)) {
    const type = stream[nal.start]! & 0x1f;
    const isSlice = type === 1 || type === 5;
    // first_mb_in_slice is the first ue(v) after the header: 0 is coded as a single 1 bit.
    const firstSlice = isSlice && (stream[nal.start + 1]! & 0x80) !== 0;
    // A picture's first slice, or an SPS/PPS/SEI/AUD after a picture, opens the next access unit.
    const opensUnit = firstSlice || (!isSlice && (type === 6 || type === 7 || type === 8 || type === 9));
    if (opensUnit && sawSlice) {
      close(nal.codeStart);
      unitStart = undefined;
      sawSlice = false;
      key = false;
    }
    unitStart ??= nal.codeStart;
    if (isSlice) sawSlice = true;
    if (type === 5) key = true;
  }
  close(stream.length);
  return chunks;
}

/** The codec string WebCodecs wants for an annex-B stream: avc1.PPCCLL from its first SPS. */
export function avcCodecString(stream: Uint8Array): string {
  const sps = nalUnits(stream).find((nal) => (stream[nal.start]! & 0x1f) === 7);
  if (!sps) throw new Error('no SPS in the H.264 stream');
  const hex = (byte: number) => byte.toString(16).padStart(2, '0');
  return `avc1.${hex(stream[sps.start + 1]!)}${hex(stream[sps.start + 2]!)}${hex(stream[sps.start + 3]!)}`;
}

const IVF_HEADER = 32;
const IVF_FRAME_HEADER = 12;

export function ivfFrames(file: Uint8Array): StreamChunk[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (String.fromCharCode(...file.subarray(0, 4)) !== 'DKIF') throw new Error('not an IVF file');
  const headerBytes = view.getUint16(6, true) || IVF_HEADER;
  const chunks: StreamChunk[] = [];
  for (let offset = headerBytes; offset + IVF_FRAME_HEADER <= file.length;) {
    const size = view.getUint32(offset, true);
    const start = offset + IVF_FRAME_HEADER;
    if (start + size > file.length) throw new Error(`IVF frame at ${offset} runs past the end`);
    const data = file.subarray(start, start + size);
    chunks.push({ key: vp9IsKeyframe(data), data });
    offset = start + size;
  }
  return chunks;
}

/** VP9's uncompressed header: frame_marker (2), profile (2, +1 reserved in profile 3), show_existing_frame, frame_type (0 = key). */
function vp9IsKeyframe(frame: Uint8Array): boolean {
  const first = frame[0] ?? 0;
  const profile = ((first >> 5) & 1) | (((first >> 4) & 1) << 1);
  const shift = profile === 3 ? 1 : 0;
  const showExisting = (first >> (3 - shift)) & 1;
  return showExisting === 0 && ((first >> (2 - shift)) & 1) === 0;
}
