'use strict';
// A foreign service provider on samlify: what another government service that
// trusts the built-in Ügyfélkapu+ identity provider would run. It signs its
// AuthnRequests with its own key (RSA-SHA256, or RSA-SHA1 on request, so a test
// can show the IdP refuses it), verifies the IdP's answer with samlify and shows
// the NameID and attributes, and logs out by the HTTP-Redirect binding (the only
// logout endpoint its metadata lists).
const crypto = require('node:crypto');
const saml = require('samlify');
const web = require('./web');

const { binding: BINDING } = saml.Constants.namespace;
const { signature: SIG } = saml.Constants.algorithms;
const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
const ALGORITHMS = { sha256: SIG.RSA_SHA256, sha1: SIG.RSA_SHA1 };

// samlify's default request plus IsPassive and a RequestedAuthnContext, which its
// own template leaves out.
const REQUEST_TEMPLATE =
  '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
  + 'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{ID}" Version="2.0" '
  + 'IssueInstant="{IssueInstant}" Destination="{Destination}" ForceAuthn="{ForceAuthn}" '
  + 'IsPassive="{IsPassive}" ProtocolBinding="{ProtocolBinding}" '
  + 'AssertionConsumerServiceURL="{AssertionConsumerServiceURL}">'
  + '<saml:Issuer>{Issuer}</saml:Issuer>'
  + '<samlp:NameIDPolicy Format="{NameIDFormat}" AllowCreate="true"/>'
  + '{RequestedAuthnContext}</samlp:AuthnRequest>';

// samlify's extractor reads the class of the authentication from requests only.
const CLASS_REF = {
  key: 'authnContextClassRef',
  localPath: ['Response', 'Assertion', 'AuthnStatement', 'AuthnContext', 'AuthnContextClassRef'],
  attributes: [],
};

// Outstanding requests are forgotten after this long (an answer later is refused).
const OUTSTANDING_MS = 10 * 60 * 1000;

function algorithmsIn(xml) {
  return [...xml.matchAll(/(?:SignatureMethod|DigestMethod) Algorithm="([^"]+)"/g)].map((m) => m[1]);
}

function createForeignSp({ baseUrl, keys, idpMetadataUrl }) {
  const entityID = `${baseUrl}/sp/metadata`;
  const acs = `${baseUrl}/sp/acs`;
  const sloUrl = `${baseUrl}/sp/slo`;
  const entity = (algorithm) => saml.ServiceProvider({
    entityID,
    privateKey: keys.privateKey,
    signingCert: keys.cert,
    authnRequestsSigned: true,
    wantAssertionsSigned: true,
    wantMessageSigned: true,
    wantLogoutResponseSigned: true,
    wantLogoutRequestSigned: true,
    nameIDFormat: [PERSISTENT],
    assertionConsumerService: [{ Binding: BINDING.post, Location: acs }],
    singleLogoutService: [{ Binding: BINDING.redirect, Location: sloUrl }],
    requestSignatureAlgorithm: algorithm,
    // samlify's default placement when wantMessageSigned is set is after a
    // Response's Issuer, which an AuthnRequest does not have.
    signatureConfig: {
      prefix: 'ds',
      location: { reference: "/*[local-name(.)='AuthnRequest']/*[local-name(.)='Issuer']", action: 'after' },
    },
    clockDrifts: [-60000, 60000],
  });
  const sps = { sha256: entity(ALGORITHMS.sha256), sha1: entity(ALGORITHMS.sha1) };
  const outstanding = new Map(); // request id -> {kind, at}
  const sessions = new Map(); // our cookie -> {nameID, sessionIndex}

  // Fetched on every use: the portal under test may change its settings between tests.
  async function idp() {
    const response = await fetch(idpMetadataUrl);
    if (!response.ok) throw new Error(`IdP metadata: HTTP ${response.status}`);
    // A LogoutRequest must be signed (SAML profiles 4.4.3.1); metadata cannot say
    // so, and samlify signs one only when told that the IdP wants it.
    return saml.IdentityProvider({
      metadata: await response.text(), wantLogoutRequestSigned: true, wantLogoutResponseSigned: true,
    });
  }

  function remember(id, kind) {
    const now = Date.now();
    for (const [key, value] of outstanding) if (now - value.at > OUTSTANDING_MS) outstanding.delete(key);
    outstanding.set(id, { kind, at: now });
  }

  function claim(id, kind) {
    const entry = outstanding.get(id);
    outstanding.delete(id);
    return Boolean(entry && entry.kind === kind);
  }

  // GET /sp/login?binding=redirect|post&force=1&passive=1&sigalg=sha1&age=SECONDS&context=URN&relay=...
  async function login(req, res, url) {
    const q = url.searchParams;
    const binding = q.get('binding') === 'post' ? 'post' : 'redirect';
    const algorithm = q.get('sigalg') === 'sha1' ? 'sha1' : 'sha256';
    const sp = sps[algorithm];
    const target = await idp();
    const destination = target.entityMeta.getSingleSignOnService(binding);
    if (typeof destination !== 'string') {
      return web.resultPage(res, 502, 'The identity provider has no SSO endpoint for this binding', { ok: false, error: `no ${binding} SSO endpoint in the IdP metadata` });
    }
    const issuedAt = new Date(Date.now() - 1000 * Number(q.get('age') || 0));
    const context = q.get('context');
    const customTagReplacement = () => {
      const id = `_${crypto.randomUUID()}`;
      let xml = saml.SamlLib.replaceTagsByValue(REQUEST_TEMPLATE, {
        ID: id,
        IssueInstant: issuedAt.toISOString(),
        Destination: destination,
        ForceAuthn: q.get('force') ? 'true' : undefined,
        IsPassive: q.get('passive') ? 'true' : undefined,
        ProtocolBinding: BINDING.post,
        AssertionConsumerServiceURL: acs,
        Issuer: entityID,
        NameIDFormat: PERSISTENT,
      });
      const requested = context
        ? '<samlp:RequestedAuthnContext Comparison="exact"><saml:AuthnContextClassRef>'
          + `${web.escapeHtml(context)}</saml:AuthnContextClassRef></samlp:RequestedAuthnContext>`
        : '';
      xml = xml.replace('{RequestedAuthnContext}', requested);
      return { id, context: xml };
    };
    const relayState = q.get('relay') || undefined;
    const request = sp.createLoginRequest(target, binding, { relayState, customTagReplacement });
    remember(request.id, 'login');
    if (binding === 'redirect') return web.redirect(res, request.context);
    return web.autoPost(res, request.entityEndpoint, { SAMLRequest: request.context, RelayState: relayState });
  }

  // POST /sp/acs: the IdP's Response, verified by samlify, then our own checks.
  async function assertionConsumer(req, res) {
    const body = await web.readForm(req);
    const xml = body.SAMLResponse ? Buffer.from(body.SAMLResponse, 'base64').toString('utf8') : '';
    const status = xml ? saml.Extractor.extract(xml, saml.Extractor.loginResponseStatusFields) : {};
    const report = {
      ok: false,
      status: { top: status.top || null, second: status.second || null },
      algorithms: algorithmsIn(xml),
      relayState: body.RelayState || null,
    };
    let parsed;
    try {
      parsed = await sps.sha256.parseLoginResponse(await idp(), 'post', { body });
    } catch (error) {
      report.error = String(error && error.message ? error.message : error);
      return web.resultPage(res, 403, 'Login refused by the foreign service provider', report);
    }
    const extract = parsed.extract;
    Object.assign(report, {
      issuer: extract.issuer,
      nameID: extract.nameID,
      audience: extract.audience,
      inResponseTo: extract.response.inResponseTo,
      destination: extract.response.destination,
      sessionIndex: extract.sessionIndex,
      authnContextClassRef: saml.Extractor.extract(parsed.samlContent, [CLASS_REF]).authnContextClassRef || null,
      attributes: extract.attributes,
    });
    // samlify checks the signature, issuer and time window; an SP must also
    // check that the answer is to a request it sent, for it, at its ACS.
    const problems = [];
    if (!claim(report.inResponseTo, 'login')) problems.push('InResponseTo is not a request this SP sent');
    if (report.destination !== acs) problems.push('Destination is not our ACS');
    if ([].concat(report.audience).indexOf(entityID) < 0) problems.push('Audience is not us');
    if (problems.length) {
      report.error = problems.join('; ');
      return web.resultPage(res, 403, 'Login refused by the foreign service provider', report);
    }
    report.ok = true;
    const cookie = crypto.randomBytes(18).toString('base64url');
    sessions.set(cookie, { nameID: report.nameID, sessionIndex: (report.sessionIndex || {}).sessionIndex });
    return web.resultPage(
      res, 200, 'Logged in at the foreign service provider', report,
      '<p><a href="/sp/logout">Log out (single logout, HTTP-Redirect)</a></p>',
      { 'Set-Cookie': `foreign_sp=${cookie}; Path=/sp; HttpOnly; SameSite=Lax` },
    );
  }

  // GET /sp/logout: a signed LogoutRequest to the IdP by HTTP-Redirect.
  async function logout(req, res) {
    const session = sessions.get(web.cookies(req).foreign_sp);
    if (!session) return web.resultPage(res, 400, 'Not logged in at the foreign service provider', { ok: false, error: 'no session' });
    const target = await idp();
    const request = sps.sha256.createLogoutRequest(target, 'redirect', {
      logoutNameID: session.nameID, sessionIndex: session.sessionIndex,
    });
    remember(request.id, 'logout');
    return web.redirect(res, request.context);
  }

  // GET /sp/slo: the IdP's LogoutResponse (or an IdP-initiated LogoutRequest) by HTTP-Redirect.
  async function singleLogout(req, res, url) {
    const query = Object.fromEntries(url.searchParams);
    const rawQuery = url.search.replace(/^\?/, '');
    const target = await idp();
    if (query.SAMLRequest) {
      const parsed = await sps.sha256.parseLogoutRequest(target, 'redirect', {
        query, octetString: web.octetString(rawQuery, 'SAMLRequest'),
      });
      const answer = sps.sha256.createLogoutResponse(target, parsed, 'redirect', { relayState: query.RelayState });
      return web.redirect(res, answer.context);
    }
    const report = { ok: false, sigAlg: query.SigAlg || null };
    const xml = query.SAMLResponse ? saml.Utility.inflateString(query.SAMLResponse) : '';
    const status = xml ? saml.Extractor.extract(xml, saml.Extractor.logoutResponseStatusFields) : {};
    report.status = { top: status.top || null, second: status.second || null };
    try {
      const parsed = await sps.sha256.parseLogoutResponse(target, 'redirect', {
        query, octetString: web.octetString(rawQuery, 'SAMLResponse'),
      });
      report.inResponseTo = parsed.extract.response.inResponseTo;
      report.issuer = parsed.extract.issuer;
    } catch (error) {
      report.error = String(error && error.message ? error.message : error);
      return web.resultPage(res, 403, 'Logout answer refused by the foreign service provider', report);
    }
    if (!claim(report.inResponseTo, 'logout')) {
      report.error = 'InResponseTo is not a logout request this SP sent';
      return web.resultPage(res, 403, 'Logout answer refused by the foreign service provider', report);
    }
    sessions.delete(web.cookies(req).foreign_sp);
    report.ok = true;
    return web.resultPage(res, 200, 'Logged out of the foreign service provider', report, '', {
      'Set-Cookie': 'foreign_sp=; Path=/sp; Max-Age=0; HttpOnly; SameSite=Lax',
    });
  }

  function metadata(req, res) {
    res.writeHead(200, { 'Content-Type': 'application/samlmetadata+xml' });
    res.end(sps.sha256.getMetadata());
  }

  function home(req, res) {
    web.page(res, 200, 'Foreign service provider (samlify)', `<ul>
<li><a href="/sp/login">Log in through the identity provider (HTTP-Redirect)</a></li>
<li><a href="/sp/login?binding=post">Log in through the identity provider (HTTP-POST)</a></li>
<li><a href="/sp/login?force=1">Log in again (ForceAuthn)</a></li>
<li><a href="/sp/login?passive=1">Passive login (IsPassive)</a></li>
<li><a href="/sp/logout">Log out (single logout)</a></li>
<li><a href="/sp/metadata">Metadata</a></li>
</ul>`);
  }

  return {
    routes: {
      'GET /sp/': home,
      'GET /sp/metadata': metadata,
      'GET /sp/login': login,
      'POST /sp/acs': assertionConsumer,
      'GET /sp/logout': logout,
      'GET /sp/slo': singleLogout,
    },
  };
}

module.exports = { createForeignSp };
