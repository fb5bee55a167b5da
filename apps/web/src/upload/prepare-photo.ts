/** Longest edge sent: the server scales to 1120 px anyway, so more only costs mobile data. */
const MAX_EDGE_PX = 1600;
// Small files are sent as they are: decoding and re-encoding would not save enough to matter.
const RESIZE_ABOVE_BYTES = 1_000_000;
const JPEG_QUALITY = 0.88;

export interface PreparedPhoto {
  blob: Blob;
  filename: string;
}

/** Why a picked file cannot be a photo, or undefined when it may be one (the server has the last word). */
export function notAPhotoReason(file: File): string | undefined {
  if (file.type && !file.type.startsWith('image/')) {
    return `“${file.name}” is not a photo. Choose an image file, such as a JPEG or PNG from your camera or gallery.`;
  }
  if (file.size === 0) return `“${file.name}” is empty. Choose another photo.`;
  return undefined;
}

/** Scales large photos down in the browser before upload; anything it cannot decode goes up unchanged. */
export async function preparePhoto(file: File): Promise<PreparedPhoto> {
  const original = { blob: file, filename: file.name || 'photo' };
  if (file.size <= RESIZE_ABOVE_BYTES || file.type === 'image/gif') return original; // GIF: keep the animation frames for the server
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return original; // e.g. HEIC in a browser without a decoder: the server explains what it accepts
  }
  const scale = Math.min(1, MAX_EDGE_PX / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  const context = canvas.getContext('2d');
  if (!context) return original;
  context.fillStyle = '#fff'; // transparent PNG areas would turn black in a JPEG
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const resized = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY));
  if (!resized || resized.size >= file.size) return original;
  return { blob: resized, filename: `${file.name.replace(/\.[^.]*$/, '') || 'photo'}.jpg` };
}
