import type { Clock } from '../clock/clock.ts';
import { SmartBridgeError, type SmartBridgeErrorCode } from './errors.ts';
import type { RandomSource } from '../random.ts';
import type { Store } from '../store/store.ts';
import type { Principal } from './api-keys.ts';
import { ATTACHMENT_KINDS, type AttachmentKind } from './model.ts';
import { maxUploadBytes, type SmartBridgeProfile } from './profile.ts';
import type { CollectionSpec } from '../store/store.ts';

const CHUNKS_SPEC: CollectionSpec = { fields: { uploadId: 'text', seq: 'integer' }, indexes: [['uploadId', 'seq']] };

/**
 * The core of tus 1.0 (core protocol, creation and termination extensions) as Smart Bridge uses it
 * for attachments: an upload is created with its length and metadata (filename, filetype, kind),
 * receives its bytes in order at an exact offset, and once complete can be attached to an
 * application. No HTTP here: tus-routes.ts maps headers and statuses.
 *
 * Bytes are kept in the Store as base64 chunks of at most 1 MiB: attachments are a few MiB, and one
 * storage path keeps reset and the PostgreSQL store working without a files directory.
 */
export const TUS_VERSION = '1.0.0';
export const TUS_EXTENSIONS = ['creation', 'termination'] as const;
const CHUNK_BYTES = 1024 * 1024;

export interface UploadRecord {
  id: string;
  ownerBin: string;
  length: number;
  offset: number;
  kind: AttachmentKind;
  filename: string;
  filetype: string;
  /** Upload-Metadata as received, echoed by HEAD. */
  rawMetadata: string;
  createdAt: number;
  updatedAt: number;
  completedAt?: number;
  chunks: number;
  /** The application it was attached to; an upload attaches once. */
  attachedTo?: string;
}

interface ChunkDoc {
  uploadId: string;
  seq: number;
  data: string;
}

/** Leading bytes of the media types whose content can be told from its start. */
const MAGIC: Record<string, number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d],
  'application/zip': [0x50, 0x4b, 0x03, 0x04],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': [0x50, 0x4b, 0x03, 0x04],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
};

function badRequest(slug: SmartBridgeErrorCode, message: string, field: string): SmartBridgeError {
  return new SmartBridgeError(slug, 'The upload request is invalid', message, { errors: [{ field, message }] });
}

function notFound(): SmartBridgeError {
  return new SmartBridgeError('upload-not-found', 'No such upload', 'there is no upload with this id for this caller');
}

/** tus Upload-Metadata: comma-separated "key base64value" pairs, keys unique, value optional. */
export function parseUploadMetadata(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw.trim() === '') return out;
  for (const pair of raw.split(',')) {
    const parts = pair.trim().split(' ');
    const [key, value] = parts;
    if (!key || parts.length > 2 || !/^[\x21-\x7e]+$/.test(key)) {
      throw badRequest(
        'upload-metadata-invalid',
        `"${pair.trim()}" is not a "key base64value" pair`,
        'headers/upload-metadata',
      );
    }
    if (key in out)
      throw badRequest('upload-metadata-invalid', `the key "${key}" appears twice`, 'headers/upload-metadata');
    if (value !== undefined && !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
      throw badRequest('upload-metadata-invalid', `the value of "${key}" is not base64`, 'headers/upload-metadata');
    }
    out[key] = value === undefined ? '' : Buffer.from(value, 'base64').toString('utf8');
  }
  return out;
}

export class TusUploads {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    private readonly profile: SmartBridgeProfile,
  ) {}

  get maxSize(): number {
    return maxUploadBytes(this.profile);
  }

  private get uploads() {
    return this.store.collection<UploadRecord>('smart-bridge-uploads');
  }

  private get chunkDocs() {
    return this.store.collection<ChunkDoc>('smart-bridge-upload-chunks', CHUNKS_SPEC);
  }

  /** Creation: the size and the kind decide the limits before a byte is sent (413, 415). */
  async create(caller: Principal, length: number | undefined, rawMetadata: string | undefined): Promise<UploadRecord> {
    if (caller.role !== 'organisation') {
      throw new SmartBridgeError(
        'forbidden',
        'Not allowed for this role',
        'attachments are uploaded by the organisation that applies',
      );
    }
    if (length === undefined || !Number.isSafeInteger(length) || length < 0) {
      throw badRequest(
        'upload-length-required',
        'Upload-Length must be given as a non-negative integer (deferred length is not supported)',
        'headers/upload-length',
      );
    }
    const meta = parseUploadMetadata(rawMetadata ?? '');
    const missing = ['filename', 'filetype', 'kind'].filter((k) => !meta[k]);
    if (missing.length > 0) {
      const errors = missing.map((k) => ({
        field: `headers/upload-metadata/${k}`,
        message: `Upload-Metadata must carry ${k}`,
      }));
      throw new SmartBridgeError(
        'upload-metadata-invalid',
        'The upload request is invalid',
        `missing metadata: ${missing.join(', ')}`,
        { errors },
      );
    }
    const kind = meta.kind as AttachmentKind;
    if (!ATTACHMENT_KINDS.includes(kind)) {
      throw badRequest(
        'upload-metadata-invalid',
        `kind must be one of ${ATTACHMENT_KINDS.join(', ')}`,
        'headers/upload-metadata/kind',
      );
    }
    const limits = this.profile.attachments[kind];
    const filetype = meta.filetype!.toLowerCase();
    if (!limits.types.includes(filetype)) {
      throw new SmartBridgeError(
        'unsupported-media-type',
        'This type of file is not accepted',
        `a ${kind} must be one of ${limits.types.join(', ')}; got ${filetype}`,
        {
          kind,
          accepted: limits.types,
        },
      );
    }
    if (length > limits.maxBytes) {
      throw new SmartBridgeError(
        'upload-too-large',
        'The file is too large',
        `a ${kind} may have at most ${limits.maxBytes} bytes; Upload-Length is ${length}`,
        {
          kind,
          maxBytes: limits.maxBytes,
        },
      );
    }
    if (length === 0) throw badRequest('upload-empty', 'an attachment cannot be empty', 'headers/upload-length');
    const filename = meta.filename!.replace(/[\\/\x00-\x1f]/g, '_').slice(0, 255);
    const now = this.clock.nowMs();
    const record: UploadRecord = {
      id: this.random.uuid(),
      ownerBin: caller.bin,
      length,
      offset: 0,
      kind,
      filename,
      filetype,
      rawMetadata: rawMetadata ?? '',
      createdAt: now,
      updatedAt: now,
      chunks: 0,
    };
    await this.uploads.put(record.id, record);
    return record;
  }

  /** The owner sees its uploads; the authorized body sees those attached to an application. */
  async find(caller: Principal, id: string): Promise<UploadRecord> {
    const record = await this.uploads.get(id);
    if (!record) throw notFound();
    if (caller.role === 'organisation' ? record.ownerBin !== caller.bin : record.attachedTo === undefined)
      throw notFound();
    return record;
  }

  private async owned(caller: Principal, id: string): Promise<UploadRecord> {
    const record = await this.uploads.get(id);
    if (!record || caller.role !== 'organisation' || record.ownerBin !== caller.bin) throw notFound();
    return record;
  }

  /** PATCH: bytes land only at the current offset (409 otherwise) and never past Upload-Length. */
  async append(caller: Principal, id: string, offset: number, bytes: Uint8Array): Promise<UploadRecord> {
    const record = await this.owned(caller, id);
    if (offset !== record.offset) {
      throw new SmartBridgeError(
        'upload-offset-mismatch',
        'Upload-Offset does not match',
        `the upload is at offset ${record.offset}; the request says ${offset}`,
        {
          offset: record.offset,
        },
      );
    }
    if (record.offset + bytes.length > record.length) {
      throw new SmartBridgeError(
        'upload-exceeds-length',
        'More bytes than Upload-Length',
        `${bytes.length} bytes at offset ${offset} pass the declared length ${record.length}`,
        {
          length: record.length,
        },
      );
    }
    this.checkContent(record, offset, bytes);
    if (bytes.length === 0) return record;

    const now = this.clock.nowMs();
    const next: UploadRecord = {
      ...record,
      offset: record.offset + bytes.length,
      updatedAt: now,
      chunks: record.chunks,
    };
    await this.store.transaction(async () => {
      for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
        const seq = next.chunks++;
        const data = Buffer.from(bytes.subarray(at, at + CHUNK_BYTES)).toString('base64');
        await this.chunkDocs.put(chunkId(id, seq), { uploadId: id, seq, data });
      }
      if (next.offset === next.length) next.completedAt = now;
      await this.uploads.put(id, next);
    });
    return next;
  }

  /** Termination: the upload and its bytes go, unless an application already cites it. */
  async terminate(caller: Principal, id: string): Promise<void> {
    const record = await this.owned(caller, id);
    if (record.attachedTo) {
      throw new SmartBridgeError(
        'upload-attached',
        'The upload is attached',
        `it is attached to application ${record.attachedTo} and part of its record`,
      );
    }
    await this.store.transaction(async () => {
      for (let seq = 0; seq < record.chunks; seq++) await this.chunkDocs.delete(chunkId(id, seq));
      await this.uploads.delete(id);
    });
  }

  async content(caller: Principal, id: string): Promise<{ record: UploadRecord; bytes: Buffer }> {
    const record = await this.find(caller, id);
    if (record.completedAt === undefined) {
      throw new SmartBridgeError(
        'upload-incomplete',
        'The upload is not complete',
        `${record.offset} of ${record.length} bytes received`,
      );
    }
    const docs = await this.chunkDocs.find({ where: { uploadId: id }, orderBy: 'seq', limit: 100_000 });
    return { record, bytes: Buffer.concat(docs.map((d) => Buffer.from(d.data, 'base64'))) };
  }

  /** For the application core, inside its transaction. */
  async markAttached(record: UploadRecord, applicationId: string): Promise<void> {
    await this.uploads.put(record.id, { ...record, attachedTo: applicationId });
  }

  /** The declared type must match the first bytes, so a renamed executable is not filed as a PDF. */
  private checkContent(record: UploadRecord, offset: number, bytes: Uint8Array): void {
    const magic = MAGIC[record.filetype];
    if (!magic) return;
    for (let i = offset; i < Math.min(magic.length, offset + bytes.length); i++) {
      if (bytes[i - offset] !== magic[i]) {
        throw new SmartBridgeError(
          'unsupported-media-type',
          'The file is not of the declared type',
          `the content does not start like ${record.filetype}`,
          {
            kind: record.kind,
          },
        );
      }
    }
  }
}

function chunkId(uploadId: string, seq: number): string {
  return `${uploadId}:${String(seq).padStart(6, '0')}`;
}
