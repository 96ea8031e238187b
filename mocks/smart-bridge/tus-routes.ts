import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError } from '../problem.ts';
import type { Principal } from './api-keys.ts';
import { ID_PARAMS, PROBLEM_RESPONSES } from './schemas.ts';
import { TUS_EXTENSIONS, TUS_VERSION, type TusUploads } from './uploads.ts';

/**
 * tus 1.0 over fastify: maps the headers and statuses of the core protocol, creation and
 * termination onto TusUploads. Every response but the discovery OPTIONS carries Tus-Resumable; every
 * refusal is problem+json.
 */
const OFFSET_STREAM = 'application/offset+octet-stream';
const NO_BODY = (description: string, headers: string[] = []) => ({
  type: 'null',
  description,
  ...(headers.length > 0 && { headers: Object.fromEntries(headers.map((h) => [h, { type: 'string' }])) }),
});
const TAGS = ['uploads (tus 1.0)'];

function tusVersionCheck(request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void): void {
  if (request.headers['tus-resumable'] !== TUS_VERSION) {
    void reply.header('Tus-Version', TUS_VERSION);
    return done(
      new ProblemError(412, 'tus-version-unsupported', 'Unsupported tus version', `send Tus-Resumable: ${TUS_VERSION}`),
    );
  }
  done();
}

function tusHeader(
  _request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (err: Error | null, payload?: unknown) => void,
): void {
  void reply.header('Tus-Resumable', TUS_VERSION);
  done(null, payload);
}

export function tusRoutes(
  app: FastifyInstance,
  uploads: TusUploads,
  principalOf: (r: FastifyRequest) => Principal,
): void {
  const hooks = { onRequest: tusVersionCheck, onSend: tusHeader };
  const base = `${app.prefix}/uploads`;

  app.addContentTypeParser(OFFSET_STREAM, { parseAs: 'buffer', bodyLimit: uploads.maxSize }, (_req, body, done) =>
    done(null, body),
  );

  app.options(
    '/uploads',
    {
      schema: {
        operationId: 'tusOptions',
        tags: TAGS,
        summary: 'tus discovery: version, extensions and the largest upload',
        security: [],
        response: {
          204: NO_BODY('Tus-Version, Tus-Extension and Tus-Max-Size headers', [
            'Tus-Version',
            'Tus-Extension',
            'Tus-Max-Size',
            'Tus-Resumable',
          ]),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (_request, reply) => {
      void reply
        .code(204)
        .header('Tus-Resumable', TUS_VERSION)
        .header('Tus-Version', TUS_VERSION)
        .header('Tus-Extension', TUS_EXTENSIONS.join(','))
        .header('Tus-Max-Size', String(uploads.maxSize));
    },
  );

  app.post(
    '/uploads',
    {
      ...hooks,
      schema: {
        operationId: 'tusCreate',
        tags: TAGS,
        summary: 'Create an upload (tus creation): Upload-Length and Upload-Metadata with filename, filetype and kind',
        headers: {
          type: 'object',
          properties: {
            'tus-resumable': { type: 'string' },
            'upload-length': { type: 'string', pattern: '^[0-9]+$' },
            'upload-metadata': { type: 'string', maxLength: 4096 },
          },
        },
        response: {
          201: NO_BODY('Created: Location names the upload', ['Location', 'Upload-Offset', 'Tus-Resumable']),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      if (request.headers['upload-defer-length'] !== undefined || request.headers['upload-concat'] !== undefined) {
        throw new ProblemError(
          400,
          'tus-extension-unsupported',
          'Unsupported tus extension',
          'creation-defer-length and concatenation are not offered (see Tus-Extension)',
        );
      }
      const raw = request.headers['upload-length'];
      const length = typeof raw === 'string' ? Number(raw) : undefined;
      const metadata = request.headers['upload-metadata'];
      const record = await uploads.create(
        principalOf(request),
        length,
        typeof metadata === 'string' ? metadata : undefined,
      );
      void reply.code(201).header('Location', `${base}/${record.id}`).header('Upload-Offset', '0');
    },
  );

  app.head(
    '/uploads/:id',
    {
      ...hooks,
      config: { swagger: { exposeHeadRoute: true } },
      schema: {
        operationId: 'tusHead',
        tags: TAGS,
        summary: 'Where the upload stands: Upload-Offset and Upload-Length',
        params: ID_PARAMS,
        response: {
          200: NO_BODY('Upload-Offset, Upload-Length, Upload-Metadata headers', [
            'Upload-Offset',
            'Upload-Length',
            'Upload-Metadata',
            'Tus-Resumable',
          ]),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const record = await uploads.find(principalOf(request), id);
      void reply
        .code(200)
        .header('Cache-Control', 'no-store')
        .header('Upload-Offset', String(record.offset))
        .header('Upload-Length', String(record.length));
      if (record.rawMetadata) void reply.header('Upload-Metadata', record.rawMetadata);
    },
  );

  app.patch(
    '/uploads/:id',
    {
      ...hooks,
      bodyLimit: uploads.maxSize,
      schema: {
        operationId: 'tusPatch',
        tags: TAGS,
        summary: 'Append bytes at Upload-Offset (application/offset+octet-stream)',
        consumes: [OFFSET_STREAM],
        params: ID_PARAMS,
        headers: {
          type: 'object',
          required: ['upload-offset'],
          properties: { 'tus-resumable': { type: 'string' }, 'upload-offset': { type: 'string', pattern: '^[0-9]+$' } },
        },
        body: { description: 'The next bytes of the file, starting at Upload-Offset (binary)' },
        response: {
          204: NO_BODY('Accepted: Upload-Offset is the new offset', ['Upload-Offset', 'Tus-Resumable']),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== OFFSET_STREAM) {
        throw new ProblemError(
          415,
          'unsupported-media-type',
          'PATCH needs application/offset+octet-stream',
          `Content-Type was ${type || 'absent'}`,
        );
      }
      const { id } = request.params as { id: string };
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const record = await uploads.append(principalOf(request), id, Number(request.headers['upload-offset']), body);
      void reply.code(204).header('Upload-Offset', String(record.offset));
    },
  );

  app.delete(
    '/uploads/:id',
    {
      ...hooks,
      schema: {
        operationId: 'tusTerminate',
        tags: TAGS,
        summary: 'Terminate an upload that is not attached (tus termination)',
        params: ID_PARAMS,
        response: { 204: NO_BODY('Terminated'), ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      await uploads.terminate(principalOf(request), id);
      void reply.code(204);
    },
  );

  app.get(
    '/uploads/:id',
    {
      exposeHeadRoute: false,
      onSend: tusHeader,
      schema: {
        operationId: 'downloadUpload',
        tags: TAGS,
        summary: 'The bytes of a complete upload (its owner; the authorized body once attached)',
        params: ID_PARAMS,
        produces: ['application/octet-stream'],
        response: {
          200: { description: 'The file, with its declared Content-Type', type: 'string', format: 'binary' },
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const { record, bytes } = await uploads.content(principalOf(request), id);
      void reply
        .type(record.filetype)
        .header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(record.filename)}`)
        .header('X-Content-Type-Options', 'nosniff');
      return bytes;
    },
  );
}
