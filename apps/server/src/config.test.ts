import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

describe("loadConfig", () => {
  it("has working defaults", () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.ADMIN_PHONE).toBe("13800000000");
    expect(c.SEED_DEMO).toBe(true);
    expect(c.ADMIN_PASSWORD).toBeUndefined();
    expect(c.DATA_DIR.endsWith("data")).toBe(true);
  });

  it("reads SEED_DEMO=0 and a port", () => {
    const c = loadConfig({ SEED_DEMO: "0", PORT: "8080" });
    expect(c.SEED_DEMO).toBe(false);
    expect(c.PORT).toBe(8080);
  });

  it("names every bad variable and never echoes the password", () => {
    let message = "";
    try {
      loadConfig({ PORT: "abc", ADMIN_PHONE: "123", ADMIN_PASSWORD: "short", SEED_DEMO: "maybe" });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      message = (e as Error).message;
    }
    expect(message).toContain("PORT=");
    expect(message).toContain("ADMIN_PHONE=\"123\"");
    expect(message).toContain("ADMIN_PASSWORD=(已隐藏)");
    expect(message).not.toContain("short");
    expect(message).toContain("SEED_DEMO=");
  });
});
