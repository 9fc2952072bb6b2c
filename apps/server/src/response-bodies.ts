import { gzipSync } from "node:zlib";

// The bytes of the lean tRPC handler's responses (trpc-http.ts): kept answers written out once, the
// same answers in the same order sent as the same bytes, and those bytes gzipped once for a browser.

/**
 * Answers already written out, by the object answered. Only a kept answer comes back as the same
 * object (its output schema checked once: checkedOnce in the domain; any other is parsed into a new
 * one every call), and a kept answer is never changed: a 50-entry board is written out once, not on
 * every request.
 */
const written = new WeakMap<object, string>();

export type CallResult = { result: { data: unknown } } | { error: unknown };

/** The answer object of a call that answered one, else null (an error, a bare value). */
function answerOf(result: CallResult): object | null {
  if (!("result" in result)) return null;
  const data = result.result.data;
  return typeof data === "object" && data !== null ? data : null;
}

function resultJson(result: CallResult): string {
  const data = answerOf(result);
  if (data === null) return JSON.stringify(result);
  let json = written.get(data);
  if (json === undefined) {
    json = `{"result":{"data":${JSON.stringify(data)}}}`;
    written.set(data, json);
  }
  return json;
}

/** A response body: its bytes, whether it was sent before (then it is a kept one), and once zipped. */
export interface Body {
  bytes: Buffer;
  again: boolean;
  gzip?: Buffer | null;
}

/** Bodies already sent, by their answers in order: the same answers make the same bytes. */
interface BodyNode {
  body?: Body;
  next?: WeakMap<object, BodyNode>;
}
const singleBodies = new WeakMap<object, BodyNode>();
const batchBodies = new WeakMap<object, BodyNode>();

/**
 * The bytes of a response, encoded once for the same answers: alone, or a batch (the apps' client
 * batches every call, so a phone's board comes as `?batch=1`, often beside org.publicTree). A body
 * holding an error or a bare value is made afresh each time.
 */
export function bodyOf(results: CallResult[], batch: boolean): Body {
  const text = () => (batch ? `[${results.map(resultJson).join(",")}]` : resultJson(results[0]!));
  const answers = results.map(answerOf);
  if (answers.length === 0 || answers.some((a) => a === null))
    return { bytes: Buffer.from(text()), again: false };
  let level = batch ? batchBodies : singleBodies;
  let node: BodyNode = {};
  for (const [i, answer] of (answers as object[]).entries()) {
    if (i > 0) level = node.next ??= new WeakMap();
    const known = level.get(answer);
    if (known === undefined) level.set(answer, (node = {}));
    else node = known;
  }
  if (node.body) {
    node.body.again = true;
    return node.body;
  }
  return (node.body = { bytes: Buffer.from(text()), again: false });
}

/** Below this a kept answer goes out as it is: gzip's header and the inflating cost more than they save. */
const GZIP_FROM_BYTES = 1024;

/**
 * A kept body gzipped, once: a phone on a 4G network gets a 23 KB board in about 2 KB, and the
 * server does not zip the same bytes again for every visitor. Bodies made afresh go out unzipped:
 * zipping each of them would cost the event loop more than the wire saves on a LAN.
 */
export function gzipOf(body: Body): Buffer | undefined {
  if (body.gzip === undefined)
    body.gzip = body.bytes.byteLength < GZIP_FROM_BYTES ? null : gzipSync(body.bytes);
  return body.gzip ?? undefined;
}

/** Whether Accept-Encoding allows gzip: named (or *) without q=0. */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let any = false;
  for (const part of header.split(",")) {
    const [coding, ...params] = part.split(";").map((x) => x.trim().toLowerCase());
    const q = params.find((p) => p.startsWith("q="));
    const allowed = q === undefined || Number(q.slice(2)) > 0;
    if (coding === "gzip") return allowed;
    if (coding === "*") any = allowed;
  }
  return any;
}
