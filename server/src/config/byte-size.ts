const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/** "100kb", "1mb" or "512b" (the BODY_LIMIT format) in bytes. */
export function bytesOf(size: string): number {
  const match = /^(\d+)(b|kb|mb)$/i.exec(size);
  if (!match) throw new Error(`Not a size: ${size}`);
  return Number(match[1]) * UNITS[match[2]!.toLowerCase()]!;
}
