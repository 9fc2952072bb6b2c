import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deriveDataKeys, generateMasterKey, MASTER_KEY_BYTES, type DataKeys } from "@chuangcheng/domain";

export const KEY_FILE = "data.key";

/**
 * The master key for personal data: DATA_KEY (base64) from the environment, or a key file under
 * DATA_DIR, created on first start with owner-only permissions. Never in the repository or database.
 */
export function loadDataKeys(dataDir: string, envKey: string | undefined): { keys: DataKeys; source: string } {
  if (envKey) {
    const key = Buffer.from(envKey, "base64");
    if (key.length !== MASTER_KEY_BYTES) {
      throw new Error(`DATA_KEY must be ${MASTER_KEY_BYTES} bytes, base64-encoded (openssl rand -base64 32)`);
    }
    return { keys: deriveDataKeys(key), source: "DATA_KEY" };
  }
  const file = join(dataDir, KEY_FILE);
  if (!existsSync(file)) {
    writeFileSync(file, generateMasterKey().toString("base64") + "\n", { mode: 0o600, flag: "wx" });
  }
  const key = Buffer.from(readFileSync(file, "utf8").trim(), "base64");
  if (key.length !== MASTER_KEY_BYTES) throw new Error(`${file} does not hold a ${MASTER_KEY_BYTES}-byte base64 key`);
  return { keys: deriveDataKeys(key), source: file };
}
