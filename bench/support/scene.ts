/**
 * Procedural "outdoor photo" pixels: sky with clouds, hills, textured ground,
 * bushes and an animal-like shape. Rendered at low resolution; photos.ts
 * upscales it and adds sensor grain so the JPEG has photo-like entropy.
 */

type Rgb = [number, number, number];

export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Smooth value noise in [0, 1] over the unit square, `cells` lattice cells across. */
function valueNoise(rand: () => number, cells: number): (u: number, v: number) => number {
  const size = cells + 2;
  const lattice = Float32Array.from({ length: size * size }, () => rand());
  return (u, v) => {
    const x = u * cells;
    const y = v * cells;
    const x0 = Math.floor(x);
    const y0 = Math.floor(y);
    const fx = smooth(x - x0);
    const fy = smooth(y - y0);
    const at = (i: number, j: number) => lattice[(j % size) * size + (i % size)] as number;
    const top = at(x0, y0) + (at(x0 + 1, y0) - at(x0, y0)) * fx;
    const bottom = at(x0, y0 + 1) + (at(x0 + 1, y0 + 1) - at(x0, y0 + 1)) * fx;
    return top + (bottom - top) * fy;
  };
}

function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

function jitter(rand: () => number, color: Rgb, amount: number): Rgb {
  return color.map((channel) => channel + (rand() - 0.5) * amount) as Rgb;
}

interface Blob {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  color: Rgb;
}

/** Bushes and rocks near the ground, then the animal: body, head and legs. */
function blobs(rand: () => number, horizon: number): Blob[] {
  const list: Blob[] = [];
  const count = 4 + Math.floor(rand() * 7);
  for (let i = 0; i < count; i++) {
    const cy = horizon + rand() * (1 - horizon);
    const r = 0.03 + rand() * 0.09;
    list.push({ cx: rand(), cy, rx: r * (1 + rand()), ry: r, color: jitter(rand, rand() < 0.6 ? [60, 95, 45] : [120, 115, 105], 50) });
  }
  const fur = jitter(rand, [[150, 100, 60], [110, 95, 80], [200, 170, 120], [70, 60, 55]][Math.floor(rand() * 4)] as Rgb, 40);
  const cx = 0.25 + rand() * 0.5;
  const cy = horizon + (1 - horizon) * (0.35 + rand() * 0.3);
  const size = 0.08 + rand() * 0.1;
  const facing = rand() < 0.5 ? -1 : 1;
  list.push({ cx, cy, rx: size * 1.6, ry: size * 0.75, color: fur });
  list.push({ cx: cx + facing * size * 1.7, cy: cy - size * 0.7, rx: size * 0.55, ry: size * 0.45, color: mix(fur, [40, 30, 25], 0.15) });
  for (const dx of [-1.1, -0.5, 0.5, 1.1]) {
    list.push({ cx: cx + dx * size, cy: cy + size * 0.95, rx: size * 0.13, ry: size * 0.5, color: mix(fur, [30, 25, 20], 0.35) });
  }
  return list;
}

/** Raw RGB pixels (3 channels) of a scene, `width` × `height`. */
export function renderScene(width: number, height: number, seed: number): Buffer {
  const rand = mulberry32(seed * 7919 + 17);
  const horizon = 0.3 + rand() * 0.3;
  const skyTop = jitter(rand, [70, 120, 190], 50);
  const skyLow = jitter(rand, [185, 205, 225], 40);
  const groundFar = jitter(rand, [95, 125, 70], 60);
  const groundNear = jitter(rand, [75, 90, 50], 60);
  const clouds = valueNoise(rand, 6);
  const texture = valueNoise(rand, 24);
  const detail = valueNoise(rand, 90);
  const hills = valueNoise(rand, 5);
  const shapes = blobs(rand, horizon);
  const raw = Buffer.allocUnsafe(width * height * 3);
  const color = new Float64Array(3);
  for (let x = 0; x < width; x++) {
    const u = x / width;
    const ridge = horizon - 0.08 * hills(u, 0.5);
    for (let y = 0; y < height; y++) {
      const v = y / height;
      if (v < ridge) {
        const cloud = Math.max(0, clouds(u, v * 2) - 0.55) * 1.8;
        for (let c = 0; c < 3; c++) {
          const sky = (skyTop[c] as number) + ((skyLow[c] as number) - (skyTop[c] as number)) * (v / ridge);
          color[c] = sky + (245 - sky) * cloud;
        }
      } else {
        const depth = (v - ridge) / (1 - ridge);
        const shade = 0.75 + 0.35 * texture(u, v) + 0.2 * (detail(u, v) - 0.5);
        for (let c = 0; c < 3; c++) color[c] = ((groundFar[c] as number) + ((groundNear[c] as number) - (groundFar[c] as number)) * depth) * shade;
      }
      paintBlobs(shapes, u, v, color, detail(u * 1.7, v * 1.7));
      const offset = (y * width + x) * 3;
      raw[offset] = clamp(color[0] as number);
      raw[offset + 1] = clamp(color[1] as number);
      raw[offset + 2] = clamp(color[2] as number);
    }
  }
  return raw;
}

/** Paints the blobs over `color` in place. */
function paintBlobs(shapes: readonly Blob[], u: number, v: number, color: Float64Array, grain: number): void {
  for (const blob of shapes) {
    const dx = (u - blob.cx) / blob.rx;
    if (dx >= 1 || dx <= -1) continue;
    const dy = (v - blob.cy) / blob.ry;
    const d = dx * dx + dy * dy;
    if (d >= 1) continue;
    // Lit from the top left; soft edge.
    const light = 0.7 + 0.3 * (1 - d) - 0.2 * dy - 0.1 * dx + 0.25 * (grain - 0.5);
    const edge = Math.min(1, (1 - d) * 12);
    for (let c = 0; c < 3; c++) color[c] = (color[c] as number) + ((blob.color[c] as number) * light - (color[c] as number)) * edge;
  }
}

function clamp(value: number): number {
  return value < 0 ? 0 : value > 255 ? 255 : value | 0;
}
