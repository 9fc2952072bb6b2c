import { describe } from "vitest";
import { createTestDb } from "@chuangcheng/domain/testing";
import { fileRouteCases } from "./files-routes.test-cases.js";

// POST /api/files, GET /files/:id on SQLite; files-routes.pg.test.ts runs the same on PostgreSQL.

describe("photo routes on SQLite", () => {
  fileRouteCases(async () => {
    const db = await createTestDb();
    return { db, close: () => db.destroy() };
  });
});
