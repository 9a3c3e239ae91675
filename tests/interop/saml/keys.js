'use strict';
// Key pairs of the foreign parties. Each role (SP, IdP) signs with its own RSA
// key and a self-signed certificate, as an independent organisation would. The
// test harness hands in files it generated; run by hand, missing files are made
// here with the openssl program, so nothing secret is ever committed.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

function keyPair(folder, role) {
  const keyFile = path.join(folder, `${role}.key`);
  const certFile = path.join(folder, `${role}.crt`);
  if (!fs.existsSync(keyFile) || !fs.existsSync(certFile)) {
    fs.mkdirSync(folder, { recursive: true });
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '365',
        '-subj', `/CN=Foreign SAML ${role.toUpperCase()} (tests)`,
        '-keyout', keyFile, '-out', certFile],
      { stdio: 'ignore' },
    );
  }
  return { privateKey: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8') };
}

module.exports = { keyPair };
