import { describe, expect, it } from "vitest";
import { byteSizeText, documentProblem, documentsOf, type FiledEvidence } from "./evidence-types";

const filed = (extra: object) =>
  ({
    id: 1,
    kind: "summary",
    title: "总结",
    date: "2026-12-01",
    note: null,
    photos: [],
    createdBy: null,
    createdAt: "2026-12-01T00:00:00.000Z",
    ...extra,
  }) as unknown as FiledEvidence;

describe("byteSizeText", () => {
  it("says KB below a megabyte, never 0, and MB to one decimal above", () => {
    expect(byteSizeText(100)).toBe("1 KB");
    expect(byteSizeText(350 * 1024)).toBe("350 KB");
    expect(byteSizeText(1.25 * 1024 * 1024)).toBe("1.3 MB");
    expect(byteSizeText(20 * 1024 * 1024)).toBe("20.0 MB");
  });
});

describe("documentProblem", () => {
  it("takes PDF, DOCX and XLSX up to 20 MB, whatever the case of the name", () => {
    expect(documentProblem({ name: "实施方案.PDF", size: 1000 })).toBeNull();
    expect(documentProblem({ name: "总结.docx", size: 20 * 1024 * 1024 })).toBeNull();
    expect(documentProblem({ name: "台账.xlsx", size: 1 })).toBeNull();
  });
  it("refuses other kinds, old Office files, a name without extension, and 20 MB + 1 byte", () => {
    expect(documentProblem({ name: "notes.txt", size: 10 })).toContain("只能上传 PDF");
    expect(documentProblem({ name: "总结.doc", size: 10 })).toContain("只能上传 PDF");
    expect(documentProblem({ name: "pdf", size: 10 })).toContain("只能上传 PDF");
    expect(documentProblem({ name: "总结.pdf", size: 20 * 1024 * 1024 + 1 })).toContain("超过 20MB");
  });
});

describe("documentsOf", () => {
  it("reads the documents of a filing, and none from a server without documents", () => {
    const doc = { id: 3, name: "总结.pdf", mime: "application/pdf", byteSize: 2048, url: "/api/documents/3" };
    expect(documentsOf(filed({ documents: [doc] }))).toEqual([doc]);
    expect(documentsOf(filed({}))).toEqual([]);
  });
});
