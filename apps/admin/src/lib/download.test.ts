import { describe, expect, it } from "vitest";
import { base64ToBlob, XLSX_MIME } from "./download";

describe("base64ToBlob", () => {
  it("turns the server's base64 back into the same bytes, typed as .xlsx", async () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0x80]);
    const base64 = btoa(String.fromCharCode(...bytes));
    const blob = base64ToBlob(base64);
    expect(blob.type).toBe(XLSX_MIME);
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(bytes);
  });
});
