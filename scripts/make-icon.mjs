// Draws .claude-plugin/icon.png (512×512): a blue rounded square with a white "H".
// Pure Node (zlib + a hand-written PNG encoder), so the icon is reproducible and
// nothing is downloaded. Run: node scripts/make-icon.mjs
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const SIZE = 512;

/** Signed distance from (px,py) to a rounded box centred at (cx,cy). Negative inside. */
function roundedBox(px, py, cx, cy, halfW, halfH, r) {
  const qx = Math.abs(px - cx) - (halfW - r);
  const qy = Math.abs(py - cy) - (halfH - r);
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - r;
}

/** Pixel coverage from a distance: a one-pixel anti-aliased edge. */
const cover = (d) => Math.min(1, Math.max(0, 0.5 - d));

const top = [37, 99, 235]; // #2563eb
const bottom = [30, 64, 175]; // #1e40af

const rows = [];
for (let y = 0; y < SIZE; y++) {
  const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0 + RGBA
  for (let x = 0; x < SIZE; x++) {
    const px = x + 0.5;
    const py = y + 0.5;
    const tile = cover(roundedBox(px, py, 256, 256, 240, 240, 104));
    const t = y / (SIZE - 1);
    let [r, g, b] = top.map((c, i) => c + (bottom[i] - c) * t);
    // The "H": two stems and a bar, slightly rounded.
    const h = Math.min(
      roundedBox(px, py, 176, 256, 36, 144, 12),
      roundedBox(px, py, 336, 256, 36, 144, 12),
      roundedBox(px, py, 256, 256, 96, 30, 8),
    );
    const ink = cover(h);
    r += (255 - r) * ink;
    g += (255 - g) * ink;
    b += (255 - b) * ink;
    const o = 1 + x * 4;
    row[o] = Math.round(r);
    row[o + 1] = Math.round(g);
    row[o + 2] = Math.round(b);
    row[o + 3] = Math.round(255 * tile);
  }
  rows.push(row);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk("IHDR", ihdr),
  chunk("IDAT", deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk("IEND", Buffer.alloc(0)),
]);
writeFileSync(new URL("../.claude-plugin/icon.png", import.meta.url), png);
console.error(`wrote .claude-plugin/icon.png (${png.length} bytes)`);
