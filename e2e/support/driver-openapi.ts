/**
 * Holds a driver's answers against docs/driver-protocol.openapi.json: the operation is found by
 * method and path, the response by status (or `default`), and the body validated with ajv against
 * the documented schema. The reference initiator's tests route every call through it, so the
 * document cannot drift from what a driver actually answers.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

interface MediaType {
  schema?: object;
}
interface ResponseObject {
  content?: Record<string, MediaType>;
}
interface Operation {
  operationId: string;
  responses: Record<string, ResponseObject>;
  requestBody?: { content: Record<string, MediaType> };
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object> };
}

export const DRIVER_OPENAPI: OpenApiDocument = JSON.parse(
  readFileSync(new URL('../../docs/driver-protocol.openapi.json', import.meta.url), 'utf8'),
);

const SCHEMA_ID = 'urn:kdp-driver:openapi';

export class DriverOpenApi {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  /** operationId → statuses seen. */
  readonly seen = new Map<string, Set<string>>();

  constructor(readonly doc: OpenApiDocument = DRIVER_OPENAPI) {
    // The components become one schema, so that the documents' own $refs resolve.
    this.ajv.addSchema({ $id: SCHEMA_ID, components: doc.components });
  }

  /** The operation a request goes to, or undefined for a path the document does not have. */
  operation(method: string, path: string): { template: string; op: Operation } | undefined {
    for (const [template, ops] of Object.entries(this.doc.paths)) {
      const re = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      const op = ops[method.toLowerCase()];
      if (op && re.test(path)) return { template, op };
    }
    return undefined;
  }

  /** Throws, with ajv's reasons, when the request body does not fit the document. */
  assertRequest(method: string, path: string, body: unknown): void {
    const found = this.operation(method, path);
    if (!found) throw new Error(`${method} ${path} is not in the driver protocol's OpenAPI document`);
    const schema = found.op.requestBody?.content['application/json']?.schema;
    if (schema) this.validate(schema, body, `${found.op.operationId} request`);
  }

  /** Throws, with ajv's reasons, when the answer does not fit the document. */
  assertResponse(method: string, path: string, status: number, contentType: string | null, body: unknown): void {
    const found = this.operation(method, path);
    if (!found) throw new Error(`${method} ${path} is not in the driver protocol's OpenAPI document`);
    const { op } = found;
    const key = String(status) in op.responses ? String(status) : 'default';
    const response = op.responses[key];
    if (!response) throw new Error(`${op.operationId} documents no answer ${status}`);
    this.seen.set(op.operationId, (this.seen.get(op.operationId) ?? new Set()).add(String(status)));
    const media = response.content;
    if (!media) {
      if (body !== undefined && body !== '') throw new Error(`${op.operationId} ${status} must have no body`);
      return;
    }
    const type = (contentType ?? '').split(';')[0]!.trim();
    const schema = media[type]?.schema;
    if (!schema) throw new Error(`${op.operationId} ${status}: content type "${type}" is not documented`);
    this.validate(schema, body, `${op.operationId} ${status}`);
  }

  private readonly compiled = new Map<object, ValidateFunction>();

  private validate(schema: object, value: unknown, what: string): void {
    let check = this.compiled.get(schema);
    if (!check) {
      const text = JSON.stringify(schema).replaceAll('"#/components/', `"${SCHEMA_ID}#/components/`);
      check = this.ajv.compile(JSON.parse(text));
      this.compiled.set(schema, check);
    }
    if (!check(value)) {
      throw new Error(
        `${what} does not fit the OpenAPI document: ${this.ajv.errorsText(check.errors)}\n${JSON.stringify(value)}`,
      );
    }
  }
}
