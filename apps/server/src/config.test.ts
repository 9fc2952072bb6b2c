import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, mutationOrigins } from "./config.js";

/** The message of the ConfigError that `env` gives (the test fails when it gives none). */
function messageOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("no ConfigError");
}

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
    expect(message).toContain('ADMIN_PHONE="123"');
    expect(message).toContain("ADMIN_PASSWORD=(已隐藏)");
    expect(message).not.toContain("short");
    expect(message).toContain("SEED_DEMO=");
  });

  it("holds ADMIN_PASSWORD to the rules of any new password, and not the ADMIN_PHONE", () => {
    expect(loadConfig({ ADMIN_PASSWORD: "Qiang-mima-2026" }).ADMIN_PASSWORD).toBe("Qiang-mima-2026");
    for (const [password, reason] of [
      ["short", "密码至少8位"],
      ["12345678", "密码过于常见，请换一个更难猜的密码"],
      ["Password", "密码过于常见，请换一个更难猜的密码"],
      ["aaaaaaaa", "密码不能全是同一个字符"],
      ["13800000000", "密码不能使用手机号（ADMIN_PHONE）"],
      ["00000000831", "密码不能使用手机号（ADMIN_PHONE）"],
    ]) {
      const message = messageOf({ ADMIN_PASSWORD: password! });
      expect(message).toContain(`ADMIN_PASSWORD=(已隐藏): ${reason}`);
      expect(message).not.toContain(password!);
    }
    // The phone it is checked against is the configured one.
    expect(messageOf({ ADMIN_PHONE: "13912345678", ADMIN_PASSWORD: "x13912345678" })).toContain(
      "ADMIN_PASSWORD=(已隐藏): 密码不能使用手机号（ADMIN_PHONE）",
    );
    expect(loadConfig({ ADMIN_PHONE: "13912345678", ADMIN_PASSWORD: "13800000000a" }).ADMIN_PASSWORD).toBe(
      "13800000000a",
    );
  });

  it("reads REGISTRATIONS_PER_HOUR, 10 by default, a positive whole number", () => {
    expect(loadConfig({}).REGISTRATIONS_PER_HOUR).toBe(10);
    expect(loadConfig({ REGISTRATIONS_PER_HOUR: "60" }).REGISTRATIONS_PER_HOUR).toBe(60);
    for (const bad of ["0", "-3", "2.5", "many"]) {
      expect(() => loadConfig({ REGISTRATIONS_PER_HOUR: bad })).toThrow(
        `REGISTRATIONS_PER_HOUR="${bad}": 应为正整数`,
      );
    }
  });

  it("reads DATABASE_URL (PostgreSQL), refuses anything else without echoing it", () => {
    expect(loadConfig({}).DATABASE_URL).toBeUndefined();
    const url = "postgres://cc:secret@db.internal:5432/chuangcheng";
    expect(loadConfig({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    expect(
      loadConfig({ DATABASE_URL: "postgresql://cc@/chuangcheng?host=/run/postgresql" }).DATABASE_URL,
    ).toBe("postgresql://cc@/chuangcheng?host=/run/postgresql");
    for (const bad of ["mysql://cc:secret@db/chuangcheng", "data/chuangcheng.db", "secret"]) {
      let message = "";
      try {
        loadConfig({ DATABASE_URL: bad });
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        message = (e as Error).message;
      }
      expect(message).toContain("DATABASE_URL=(已隐藏)");
      expect(message).toContain("PostgreSQL 连接地址");
      expect(message).not.toContain("secret");
    }
  });

  it("reads the proxy settings: allowed origins, the public address, trust in the proxy", () => {
    const none = loadConfig({});
    expect(none.ALLOWED_ORIGINS).toEqual([]);
    expect(none.PUBLIC_URL).toBeUndefined();
    expect(none.TRUST_PROXY).toBe(false);
    expect(mutationOrigins(none)).toEqual([]);

    const c = loadConfig({
      ALLOWED_ORIGINS: " https://A.example.cn , http://10.0.0.5:3000/,",
      PUBLIC_URL: "https://cc.example.cn/",
      TRUST_PROXY: "1",
    });
    expect(c.ALLOWED_ORIGINS).toEqual(["https://a.example.cn", "http://10.0.0.5:3000"]);
    expect(c.PUBLIC_URL).toBe("https://cc.example.cn");
    expect(c.TRUST_PROXY).toBe(true);
    expect(mutationOrigins(c)).toEqual([
      "https://a.example.cn",
      "http://10.0.0.5:3000",
      "https://cc.example.cn",
    ]);
  });

  it("names a bad origin, public address or proxy flag", () => {
    expect(messageOf({ ALLOWED_ORIGINS: "https://ok.example.cn,https://x.cn/path" })).toContain(
      'ALLOWED_ORIGINS="https://ok.example.cn,https://x.cn/path": "https://x.cn/path" 不是来源',
    );
    expect(messageOf({ ALLOWED_ORIGINS: "ftp://x.cn" })).toContain("ALLOWED_ORIGINS=");
    expect(messageOf({ PUBLIC_URL: "cc.example.cn" })).toContain(
      'PUBLIC_URL="cc.example.cn": 应为 http(s) 网址',
    );
    expect(messageOf({ TRUST_PROXY: "maybe" })).toContain('TRUST_PROXY="maybe": 应为 0 或 1');
  });

  it("sends no SMS unless told: SMS_TRANSPORT none (default) or console, nothing else", () => {
    expect(loadConfig({}).SMS_TRANSPORT).toBe("none");
    expect(loadConfig({ SMS_TRANSPORT: "console" }).SMS_TRANSPORT).toBe("console");
    expect(() => loadConfig({ SMS_TRANSPORT: "aliyun" })).toThrow(
      'SMS_TRANSPORT="aliyun": 应为 none 或 console',
    );
  });
});
