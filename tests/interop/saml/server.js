'use strict';
// Foreign SAML parties for interoperability tests, on samlify (not pysaml2, not
// ours): a service provider under /sp/ that logs in through the portal's
// built-in identity provider, and an identity provider under /idp/ that the
// portal's service provider can be pointed at. Test tooling, never deployed.
//
//   node tests/interop/saml/server.js --portal http://127.0.0.1:8000 \
//        --base-url http://localhost:8100 [--keys DIR]
//
// Run it on another site than the portal (127.0.0.1 vs localhost are two sites
// to a browser), so that the HTTP-POST binding is a real cross-site POST.
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const saml = require('samlify');
const validator = require('@authenio/samlify-node-xmllint');
const { keyPair } = require('./keys');
const { createForeignSp } = require('./foreign-sp');
const { createForeignIdp } = require('./foreign-idp');
const web = require('./web');

// Every incoming message is checked against the SAML XML schemas first.
saml.setSchemaValidator(validator);

const { values: options } = parseArgs({
  options: {
    portal: { type: 'string', default: 'http://127.0.0.1:8000' },
    'base-url': { type: 'string', default: 'http://localhost:8100' },
    keys: { type: 'string', default: path.join(os.tmpdir(), 'ugysegeg-foreign-saml-keys') },
    'idp-metadata': { type: 'string' },
    'sp-metadata': { type: 'string' },
  },
});
const portal = options.portal.replace(/\/$/, '');
const baseUrl = options['base-url'].replace(/\/$/, '');
const citizens = require('./citizens.json');

const sp = createForeignSp({
  baseUrl,
  keys: keyPair(options.keys, 'sp'),
  idpMetadataUrl: options['idp-metadata'] || `${portal}/ugyfelkapu/metadata/`,
});
const idp = createForeignIdp({
  baseUrl,
  keys: keyPair(options.keys, 'idp'),
  spMetadataUrl: options['sp-metadata'] || `${portal}/saml/metadata/`,
  citizens,
});
const routes = {
  'GET /health': (req, res) => { res.writeHead(200, { 'Content-Type': 'text/plain' }); res.end('ok\n'); },
  'GET /': (req, res) => web.page(res, 200, 'Foreign SAML parties (samlify)', `<ul>
<li><a href="/sp/">Foreign service provider</a> (<a href="/sp/metadata">metadata</a>)</li>
<li>Foreign identity provider (<a href="/idp/metadata">metadata</a>)</li>
</ul>`),
  ...sp.routes,
  ...idp.routes,
};

async function handle(req, res) {
  const url = new URL(req.url, baseUrl);
  const route = routes[`${req.method} ${url.pathname}`];
  if (!route) return web.page(res, 404, 'Not found', '');
  try {
    return await route(req, res, url);
  } catch (error) {
    console.error(`${req.method} ${url.pathname}:`, error);
    if (!res.headersSent) {
      return web.resultPage(res, 500, 'Error in the foreign SAML party', { ok: false, error: String(error && error.message ? error.message : error) });
    }
    return res.end();
  }
}

// "localhost" may resolve to ::1 or 127.0.0.1 in a browser: listen on both.
const { hostname, port } = new URL(baseUrl);
const addresses = hostname === 'localhost' ? ['127.0.0.1', '::1'] : [hostname.replace(/^\[|\]$/g, '')];
let listening = 0;
for (const address of addresses) {
  const server = http.createServer(handle);
  server.on('error', (error) => {
    // A machine without IPv6 still serves on 127.0.0.1.
    if (address === '::1' && error.code === 'EADDRNOTAVAIL') return;
    console.error(error);
    process.exit(1);
  });
  server.listen(Number(port) || 80, address, () => {
    listening += 1;
    if (listening === 1) console.log(`foreign SAML parties on ${baseUrl} (portal ${portal})`);
  });
}
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
