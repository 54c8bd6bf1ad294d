/** A typed column twice as long, with a's values at its start: how the growable column lists here grow. */
export function doubled<T extends Float64Array | Int32Array | Uint8Array>(a: T): T {
  const b = new (a.constructor as new (length: number) => T)(Math.max(16, a.length * 2));
  b.set(a);
  return b;
}
