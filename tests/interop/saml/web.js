'use strict';
// The little HTTP plumbing both foreign parties share: form bodies, the raw
// query string the Redirect binding signs, and plain HTML pages.

const MAX_BODY = 512 * 1024;

function escapeHtml(value) {
  return String(value)
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function readForm(req) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')))));
    req.on('error', reject);
  });
}

// HTTP-Redirect binding (SAML bindings 3.4.4.1): the signature covers the
// parameters exactly as they were URL-encoded by the sender, in this order.
function octetString(rawQuery, messageParam) {
  const raw = {};
  for (const pair of rawQuery.split('&')) {
    const [name, ...rest] = pair.split('=');
    raw[name] = rest.join('=');
  }
  return [messageParam, 'RelayState', 'SigAlg']
    .filter((name) => raw[name] !== undefined)
    .map((name) => `${name}=${raw[name]}`)
    .join('&');
}

function page(res, status, title, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title></head>
<body><main>
<h1>${escapeHtml(title)}</h1>
${body}
</main></body>
</html>
`);
}

// The result a test reads (and a person sees): JSON in a <pre id="result">.
function resultPage(res, status, title, result, extra = '', headers = {}) {
  page(res, status, title, `<pre id="result">${escapeHtml(JSON.stringify(result, null, 2))}</pre>\n${extra}`, headers);
}

// HTTP-POST binding: a form the browser submits by itself (a button without JavaScript).
function autoPost(res, action, fields, title = 'Sending you on') {
  const inputs = Object.entries(fields)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  page(res, 200, title, `<form method="post" action="${escapeHtml(action)}" id="saml-post">
${inputs}
<noscript><button type="submit">Continue</button></noscript>
</form>
<script>document.getElementById('saml-post').submit();</script>`);
}

function redirect(res, location, headers = {}) {
  res.writeHead(302, { Location: location, 'Cache-Control': 'no-store', ...headers });
  res.end();
}

function cookies(req) {
  const jar = {};
  for (const part of (req.headers.cookie || '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name) jar[name] = rest.join('=');
  }
  return jar;
}

module.exports = { escapeHtml, readForm, octetString, page, resultPage, autoPost, redirect, cookies };
