import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { FASTIFY_SERVER, lazyTlsServers, lazyTlsServersHeld } from './bundle.mjs';

const fastifyServerPath = createRequire(import.meta.url).resolve('fastify/lib/server.js');
const fastifyServer = readFileSync(fastifyServerPath, 'utf8');
const HEAD = "const https = require('node:https')\nconst http2 = require('node:http2')\n";

describe('lazyTlsServers: fastify loads node:https and node:http2 only when it makes such a server', () => {
  it('applies to fastify/lib/server.js on POSIX and Windows paths, and to nothing else', () => {
    expect(FASTIFY_SERVER.test(fastifyServerPath)).toBe(true);
    expect(FASTIFY_SERVER.test('C:\\a\\node_modules\\fastify\\lib\\server.js')).toBe(true);
    expect(FASTIFY_SERVER.test('/a/node_modules/@fastify/x/lib/server.js')).toBe(false);
    expect(FASTIFY_SERVER.test('/a/node_modules/fastify/lib/server.json')).toBe(false);
  });

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

  it('the stand-ins make the same servers as the modules', () => {
    const require = createRequire(import.meta.url);
    const made = new Function('require', `${lazyTlsServers(HEAD)}; return { https, http2 }`)(require) as {
      https: { createServer: (o: object) => object };
      http2: { createServer: (o: object) => object; createSecureServer: (o: object) => object };
    };
    expect(made.https.createServer({})).toBeInstanceOf(require('node:https').Server);
    expect(made.http2.createServer({}).constructor.name).toBe('Http2Server');
    expect(made.http2.createSecureServer({}).constructor.name).toBe('Http2SecureServer');
  });

  it('replaces the require line itself, not a comment that quotes it', () => {
    const quoted = `// was: const https = require('node:https')\n${HEAD}`;
    const out = lazyTlsServers(quoted).split('\n');
    expect(out[0]).toBe("// was: const https = require('node:https')");
    expect(out[1]).toMatch(/^const https = \{ createServer/);
  });

  it('fails the build when fastify changed the lines it replaces', () => {
    expect(() => lazyTlsServers("const https = require('https')\nconst http2 = require('node:http2')\n")).toThrow(
      /expected the line `const https = require\('node:https'\)` once/,
    );
    expect(() => lazyTlsServers(`${HEAD}const https = require('node:https')\n`)).toThrow(/once/);
  });

  it.each([
    ['a method the stand-in lacks', 'https.get(x)', 'https.get'],
    ['destructuring', 'const { constants } = http2', 'http2'],
    ['bracket access', "http2['constants']", 'http2'],
    ['optional chaining', 'https?.get(x)', 'https'],
    ['a dot on the next line', 'https\n  .request(x)', 'https.request'],
    ['the module passed on', 'use(https)', 'https'],
    ['a type that only a comment named before', 'x instanceof http2.Http2Server', 'http2.Http2Server'],
    ['createSecureServer of https', 'https.createSecureServer(o)', 'https.createSecureServer'],
  ])('fails the build when fastify uses either module otherwise: %s', (_, use, named) => {
    expect(() => lazyTlsServers(`${HEAD}${use}\n`)).toThrow(`uses ${named}, which the lazy stand-ins lack`);
  });

  it('lets through what the stand-ins offer, other names that contain them, and comments', () => {
    const fine = [
      'https.createServer(o, h)',
      'http2.createServer(o, h)',
      'http2 . createSecureServer(o, h)',
      'options.https.key',
      'const httpsOptions = options.https === true ? {} : options.https',
      '// https.get is never called here',
      '/** @param {http2.Http2Server} server */',
      "const url = 'http://x' // https.request",
    ];
    expect(() => lazyTlsServers(`${HEAD}${fine.join('\n')}\n`)).not.toThrow();
  });
});

describe('lazyTlsServersHeld: the built bundle loads no TLS or HTTP/2 module at start', () => {
  it('accepts the stand-ins’ calls', () => {
    expect(() =>
      lazyTlsServersHeld({
        'a.js': 'var https = { createServer: (...a) => __require("node:https").createServer(...a) };',
        'b.js':
          'var http2 = { createServer: (...a) => __require("node:http2").createServer(...a), createSecureServer: (...a) => __require("node:http2").createSecureServer(...a) };',
      }),
    ).not.toThrow();
  });

  it.each([
    ['a require of the module itself (the transform did not run)', 'var https = __require("node:https");'],
    ['tls by any name', 'var tls = __require("tls");'],
    ['a method no stand-in offers', 'x = __require("node:http2").connect(u);'],
    ['an ES import', 'import { connect } from "node:tls";'],
  ])('refuses %s', (_, code) => {
    expect(() => lazyTlsServersHeld({ 'chunk.js': code })).toThrow(/loads TLS or HTTP\/2 modules at start/);
  });

  it('holds for the bundle as built', async () => {
    const { readdirSync } = await import('node:fs');
    const dir = new URL('../dist/bundle/', import.meta.url);
    let files: string[];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.js'));
    } catch {
      return; // no build in this checkout: the build itself runs the check
    }
    const outputs = Object.fromEntries(files.map((f) => [f, readFileSync(new URL(f, dir), 'utf8')]));
    expect(() => lazyTlsServersHeld(outputs)).not.toThrow();
  });
});
