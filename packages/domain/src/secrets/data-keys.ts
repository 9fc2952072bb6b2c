import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";

/**
 * Keys for personal data, all derived from one 32-byte master key that lives outside the database
 * (DATA_KEY in the environment, or a key file under DATA_DIR): a stolen database file alone reveals
 * no 身份证号.
 */
export interface DataKeys {
  /** AES-256-GCM for fields encrypted at rest */
  readonly encryption: Buffer;
  /** HMAC-SHA256 for blind indexes: equality lookups on encrypted fields */
  readonly index: Buffer;
  /** HMAC-SHA256 for short-lived signed tokens (check-in QR codes) */
  readonly token: Buffer;
}

export const MASTER_KEY_BYTES = 32;

export function deriveDataKeys(master: Buffer): DataKeys {
  if (master.length !== MASTER_KEY_BYTES) throw new Error(`data key must be ${MASTER_KEY_BYTES} bytes`);
  const derive = (label: string) =>
    Buffer.from(hkdfSync("sha256", master, Buffer.alloc(0), `chuangcheng:${label}`, 32));
  return { encryption: derive("encryption:v1"), index: derive("blind-index:v1"), token: derive("token:v1") };
}

export function generateMasterKey(): Buffer {
  return randomBytes(MASTER_KEY_BYTES);
}

/** "v1." + base64url(iv | tag | ciphertext); a fresh IV per value. */
export function encryptField(keys: DataKeys, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keys.encryption, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

export function decryptField(keys: DataKeys, stored: string): string {
  if (!stored.startsWith("v1.")) throw new Error("unknown encrypted field format");
  const raw = Buffer.from(stored.slice(3), "base64url");
  const decipher = createDecipheriv("aes-256-gcm", keys.encryption, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}

/** A keyed hash for finding a value without storing it: same input, same index; useless without the key. */
export function blindIndex(keys: { readonly index: Uint8Array }, purpose: string, value: string): string {
  return createHmac("sha256", keys.index).update(`${purpose}:${value}`).digest("hex");
}

/** A compact signed token: base64url(JSON payload with exp).signature */
export function signToken(keys: DataKeys, payload: Record<string, unknown>, expiresAt: Date): string {
  const body = Buffer.from(JSON.stringify({ ...payload, exp: expiresAt.getTime() })).toString("base64url");
  const sig = createHmac("sha256", keys.token).update(body).digest("base64url");
  return `${body}.${sig}`;
}

/** The payload of a valid, unexpired token; null for anything forged, altered or expired. */
export function verifyToken(keys: DataKeys, token: string, now = new Date()): Record<string, unknown> | null {
  const [body, sig] = token.split(".");
  if (!body || !sig) return null;
  const expected = createHmac("sha256", keys.token).update(body).digest();
  const given = Buffer.from(sig, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Record<string, unknown>;
    return typeof payload.exp === "number" && payload.exp > now.getTime() ? payload : null;
  } catch {
    return null;
  }
}
