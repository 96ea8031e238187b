import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { lazyTlsServers } from './bundle.mjs';

const fastifyServer = readFileSync(createRequire(import.meta.url).resolve('fastify/lib/server.js'), 'utf8');

describe('lazyTlsServers: fastify loads node:https and node:http2 only when it makes such a server', () => {
  it('rewrites the installed fastify: no top-level require of either is left', () => {
    const out = lazyTlsServers(fastifyServer);
    expect(out).not.toMatch(/^const (https|http2) = require\(/m);
    expect(out).toMatch(
      /^const https = \{ createServer: \(\.\.\.a\) => require\('node:https'\)\.createServer\(\.\.\.a\) \}$/m,
    );
    expect(out).toMatch(/^const http2 = \{ createServer: .*createSecureServer: /m);
    // Everything else is untouched.
    expect(out.split('\n').length).toBe(fastifyServer.split('\n').length);
    expect(out).toContain("const http = require('node:http')");
  });

  it('the stand-ins make the same servers as the modules', async () => {
    const out = lazyTlsServers("const https = require('node:https')\nconst http2 = require('node:http2')\n");
    const require = createRequire(import.meta.url);
    const made = new Function('require', `${out}; return { https, http2 }`)(require) as {
      https: { createServer: (o: object) => object };
      http2: { createServer: (o: object) => object; createSecureServer: (o: object) => object };
    };
    expect(made.https.createServer({})).toBeInstanceOf(require('node:https').Server);
    expect(made.http2.createServer({}).constructor.name).toBe('Http2Server');
    expect(made.http2.createSecureServer({}).constructor.name).toBe('Http2SecureServer');
  });

  it('fails the build when fastify changed the lines it replaces', () => {
    expect(() => lazyTlsServers("const https = require('https')\nconst http2 = require('node:http2')\n")).toThrow(
      /expected the line `const https = require\('node:https'\)` once/,
    );
    const twice =
      "const https = require('node:https')\nconst https = require('node:https')\nconst http2 = require('node:http2')\n";
    expect(() => lazyTlsServers(twice)).toThrow(/once/);
  });

  it('fails the build when fastify uses more of either module than the stand-ins offer', () => {
    const more = "const https = require('node:https')\nconst http2 = require('node:http2')\nhttps.get('x')\n";
    expect(() => lazyTlsServers(more)).toThrow(/uses https\.get/);
  });
});
