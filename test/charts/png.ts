import { PNG } from "pngjs";

/** Decodes PNG bytes; throws if they are not a valid PNG. */
export function decodePng(data: Uint8Array): PNG {
  return PNG.sync.read(Buffer.from(data));
}

const hex = (color: string) => [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16)) as [number, number, number];

/** How many pixels (optionally inside a box) are within `tolerance` of `color` on every channel. */
export function countColor(
  png: PNG,
  color: string,
  box: { x0: number; y0: number; x1: number; y1: number } = { x0: 0, y0: 0, x1: png.width, y1: png.height },
  tolerance = 12,
): number {
  const [r, g, b] = hex(color);
  let count = 0;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const i = (y * png.width + x) * 4;
      const d = png.data;
      if (Math.abs(d[i]! - r) <= tolerance && Math.abs(d[i + 1]! - g) <= tolerance && Math.abs(d[i + 2]! - b) <= tolerance) count++;
    }
  }
  return count;
}
