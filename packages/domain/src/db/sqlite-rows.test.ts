import SQLite from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asObjects, readArrays, readRows } from "./sqlite-rows.js";

describe("rows read as arrays and built into objects", () => {
  let sqlite: SQLite.Database;
  beforeEach(() => {
    sqlite = new SQLite(":memory:");
    sqlite.exec(
      "create table t (id integer primary key, name text, note text, n real); insert into t values (1, '东街社区', null, 1.5), (2, '西关社区', 'x', 2)",
    );
  });
  afterEach(() => sqlite.close());

  it("gives exactly what better-sqlite3's own objects give, nulls, numbers and Chinese text alike", () => {
    const sql = "select t.*, t.name as alias from t where id >= ? order by id";
    const expected = sqlite.prepare(sql).all(1);
    expect(readRows(sqlite.prepare(sql), [1])).toEqual(expected);
    expect(readRows(sqlite.prepare(sql), [1])).toEqual([
      { id: 1, name: "东街社区", note: null, n: 1.5, alias: "东街社区" },
      { id: 2, name: "西关社区", note: "x", n: 2, alias: "西关社区" },
    ]);
  });

  it("lets a later column of the same name win, as better-sqlite3 does", () => {
    const sql = "select a.name, b.name from t a join t b on b.id = a.id + 1";
    expect(readRows(sqlite.prepare(sql), [])).toEqual(sqlite.prepare(sql).all());
    expect(readRows(sqlite.prepare(sql), [])).toEqual([{ name: "西关社区" }]);
  });

  it("leaves the statement giving objects to whoever runs it next", () => {
    const statement = sqlite.prepare("select id from t order by id");
    expect(readArrays(statement, [])).toEqual({ columns: ["id"], rows: [[1], [2]] });
    expect(statement.all()).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it("builds objects from arrays posted by another thread, and none from no rows", () => {
    expect(asObjects({ columns: ["a", "b"], rows: [[1, "x"]] })).toEqual([{ a: 1, b: "x" }]);
    expect(asObjects({ columns: ["a"], rows: [] })).toEqual([]);
  });

  it("refuses a statement that returns no rows", () => {
    expect(() => readRows(sqlite.prepare("delete from t"), [])).toThrow();
    expect(sqlite.prepare("select count(*) as n from t").get()).toEqual({ n: 2 });
  });
});
