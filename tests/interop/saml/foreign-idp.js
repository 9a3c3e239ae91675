'use strict';
// A foreign identity provider on samlify: what the real KAÜ is to the portal,
// on another site. It checks the portal's signed AuthnRequest, lets a person
// pick a demo citizen, and posts a Response signed twice (the Response and its
// assertion, RSA-SHA256) with the natural identity data the portal maps
// (identity/saml.py DEFAULT_ATTRIBUTE_MAP). Two choices exist only to show the
// portal refuses them: signing with RSA-SHA1, and changing a signed attribute.
const crypto = require('node:crypto');
const saml = require('samlify');
const web = require('./web');

const { binding: BINDING } = saml.Constants.namespace;
const { signature: SIG } = saml.Constants.algorithms;
const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
const BASIC = 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic';
const PASSWORD_CONTEXT = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';
// What an assertion is good for once issued (SAML profiles 4.1.4.2: short).
const LIFETIME_MS = 5 * 60 * 1000;
const PENDING_MS = 15 * 60 * 1000;

// samlify's default Response, with the AuthnStatement and AttributeStatement
// the portal reads; both are filled in after samlify escaped the simple values.
const RESPONSE_TEMPLATE =
  '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
  + 'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{ID}" Version="2.0" '
  + 'IssueInstant="{IssueInstant}" Destination="{Destination}" InResponseTo="{InResponseTo}">'
  + '<saml:Issuer>{Issuer}</saml:Issuer>'
  + '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>'
  + '<saml:Assertion xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
  + 'xmlns:xs="http://www.w3.org/2001/XMLSchema" ID="{AssertionID}" Version="2.0" '
  + 'IssueInstant="{IssueInstant}"><saml:Issuer>{Issuer}</saml:Issuer>'
  + '<saml:Subject><saml:NameID Format="{NameIDFormat}" NameQualifier="{Issuer}" '
  + 'SPNameQualifier="{Audience}">{NameID}</saml:NameID>'
  + '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
  + '<saml:SubjectConfirmationData NotOnOrAfter="{NotOnOrAfter}" Recipient="{Destination}" '
  + 'InResponseTo="{InResponseTo}"/></saml:SubjectConfirmation></saml:Subject>'
  + '<saml:Conditions NotBefore="{IssueInstant}" NotOnOrAfter="{NotOnOrAfter}">'
  + '<saml:AudienceRestriction><saml:Audience>{Audience}</saml:Audience></saml:AudienceRestriction>'
  + '</saml:Conditions>'
  + '<saml:AuthnStatement AuthnInstant="{IssueInstant}" SessionIndex="{SessionIndex}">'
  + '<saml:AuthnContext><saml:AuthnContextClassRef>{AuthnContextClassRef}</saml:AuthnContextClassRef>'
  + '</saml:AuthnContext></saml:AuthnStatement>'
  + '{AttributeStatement}</saml:Assertion></samlp:Response>';

function attributeStatement(attributes) {
  const items = Object.entries(attributes).map(([name, value]) => (
    `<saml:Attribute Name="${web.escapeHtml(name)}" NameFormat="${BASIC}">`
    + `<saml:AttributeValue xsi:type="xs:string">${web.escapeHtml(value)}</saml:AttributeValue>`
    + '</saml:Attribute>'
  ));
  return `<saml:AttributeStatement>${items.join('')}</saml:AttributeStatement>`;
}

function createForeignIdp({ baseUrl, keys, spMetadataUrl, citizens }) {
  const entityID = `${baseUrl}/idp/metadata`;
  const ssoUrl = `${baseUrl}/idp/sso`;
  const sloUrl = `${baseUrl}/idp/slo`;
  const entity = (algorithm) => saml.IdentityProvider({
    entityID,
    privateKey: keys.privateKey,
    signingCert: keys.cert,
    wantAuthnRequestsSigned: true,
    wantLogoutRequestSigned: true,
    nameIDFormat: [PERSISTENT],
    singleSignOnService: [
      { Binding: BINDING.redirect, Location: ssoUrl },
      { Binding: BINDING.post, Location: ssoUrl },
    ],
    singleLogoutService: [
      { Binding: BINDING.redirect, Location: sloUrl },
      { Binding: BINDING.post, Location: sloUrl },
    ],
    requestSignatureAlgorithm: algorithm,
  });
  const idps = { sha256: entity(SIG.RSA_SHA256), sha1: entity(SIG.RSA_SHA1) };
  const pending = new Map(); // our key -> the AuthnRequest being answered

  async function sp() {
    const response = await fetch(spMetadataUrl);
    if (!response.ok) throw new Error(`SP metadata: HTTP ${response.status}`);
    // The portal wants both the Response and the assertion signed, and signed logout answers.
    return saml.ServiceProvider({
      metadata: await response.text(), wantMessageSigned: true, wantLogoutResponseSigned: true,
    });
  }

  function incoming(req, url, body, param) {
    if (req.method === 'GET') {
      return ['redirect', {
        query: Object.fromEntries(url.searchParams),
        octetString: web.octetString(url.search.replace(/^\?/, ''), param),
      }];
    }
    return ['post', { body }];
  }

  // GET (HTTP-Redirect) or POST (HTTP-POST) /idp/sso: the portal's AuthnRequest.
  async function singleSignOn(req, res, url) {
    const body = req.method === 'POST' ? await web.readForm(req) : {};
    const [binding, message] = incoming(req, url, body, 'SAMLRequest');
    const target = await sp();
    let parsed;
    try {
      parsed = await idps.sha256.parseLoginRequest(target, binding, message);
    } catch (error) {
      return web.resultPage(res, 400, 'Request refused by the foreign identity provider', {
        ok: false, error: String(error && error.message ? error.message : error),
      });
    }
    const now = Date.now();
    for (const [key, value] of pending) if (now - value.at > PENDING_MS) pending.delete(key);
    const key = crypto.randomBytes(18).toString('base64url');
    const relayState = binding === 'post' ? body.RelayState : url.searchParams.get('RelayState');
    pending.set(key, { parsed, relayState, at: now });
    const choices = citizens.map((citizen, index) => `<div>
<input type="radio" name="citizen" id="citizen-${index}" value="${web.escapeHtml(citizen.id)}"${index === 0 ? ' checked' : ''}>
<label for="citizen-${index}">${web.escapeHtml(`${citizen.attributes.viseltCsaladiNev} ${citizen.attributes.viseltUtonev}`)} (${web.escapeHtml(citizen.id)})</label>
</div>`).join('\n');
    return web.page(res, 200, 'Foreign identity provider: log in', `<p>Service provider: ${web.escapeHtml(parsed.extract.issuer)}</p>
<form method="post" action="/idp/login">
<input type="hidden" name="pending" value="${key}">
<fieldset><legend>Demo citizen</legend>
${choices}
</fieldset>
<fieldset><legend>Answers the service provider must refuse</legend>
<div><label for="signature">Signature</label>
<select name="signature" id="signature"><option value="sha256">RSA-SHA256</option><option value="sha1">RSA-SHA1 (weak)</option></select></div>
<div><input type="checkbox" name="tamper" id="tamper" value="1"><label for="tamper">Change the family name after signing</label></div>
</fieldset>
<button type="submit">Log in</button>
</form>`);
  }

  // POST /idp/login: answer the pending request for the chosen citizen.
  async function logIn(req, res) {
    const body = await web.readForm(req);
    const entry = pending.get(body.pending);
    pending.delete(body.pending);
    const citizen = citizens.find((c) => c.id === body.citizen);
    if (!entry || !citizen) {
      return web.resultPage(res, 400, 'Login expired or unknown citizen', { ok: false, error: 'no such pending request or citizen' });
    }
    const target = await sp();
    const idp = idps[body.signature === 'sha1' ? 'sha1' : 'sha256'];
    const request = entry.parsed.extract;
    const acs = target.entityMeta.getAssertionConsumerService('post');
    const issued = new Date();
    const customTagReplacement = () => {
      const id = `_${crypto.randomUUID()}`;
      const xml = saml.SamlLib.replaceTagsByValue(RESPONSE_TEMPLATE, {
        ID: id,
        AssertionID: `_${crypto.randomUUID()}`,
        IssueInstant: issued.toISOString(),
        NotOnOrAfter: new Date(issued.getTime() + LIFETIME_MS).toISOString(),
        Destination: acs,
        InResponseTo: request.request.id,
        Issuer: entityID,
        Audience: target.entityMeta.getEntityID(),
        NameIDFormat: PERSISTENT,
        NameID: citizen.subject,
        SessionIndex: `_${crypto.randomUUID()}`,
        AuthnContextClassRef: request.authnContextClassRef || PASSWORD_CONTEXT,
      }).replace('{AttributeStatement}', attributeStatement(citizen.attributes));
      return { id, context: xml };
    };
    const response = await idp.createLoginResponse(target, entry.parsed, 'post', {}, {
      relayState: entry.relayState, customTagReplacement,
    });
    let encoded = response.context;
    if (body.tamper) {
      const family = citizen.attributes.viseltCsaladiNev;
      const xml = Buffer.from(encoded, 'base64').toString('utf8')
        .replace(`>${web.escapeHtml(family)}</saml:AttributeValue>`, '>Hamis</saml:AttributeValue>');
      encoded = Buffer.from(xml, 'utf8').toString('base64');
    }
    return web.autoPost(res, acs, { SAMLResponse: encoded, RelayState: entry.relayState });
  }

  // GET or POST /idp/slo: the portal's LogoutRequest, answered by POST to its logout service.
  async function singleLogout(req, res, url) {
    const body = req.method === 'POST' ? await web.readForm(req) : {};
    const [binding, message] = incoming(req, url, body, 'SAMLRequest');
    const target = await sp();
    let parsed;
    try {
      parsed = await idps.sha256.parseLogoutRequest(target, binding, message);
    } catch (error) {
      return web.resultPage(res, 400, 'Logout request refused by the foreign identity provider', {
        ok: false, error: String(error && error.message ? error.message : error),
      });
    }
    const relayState = binding === 'post' ? body.RelayState : url.searchParams.get('RelayState');
    const answer = idps.sha256.createLogoutResponse(target, parsed, 'post', { relayState: relayState || undefined });
    return web.autoPost(res, answer.entityEndpoint, { SAMLResponse: answer.context, RelayState: relayState });
  }

  function metadata(req, res) {
    res.writeHead(200, { 'Content-Type': 'application/samlmetadata+xml' });
    res.end(idps.sha256.getMetadata());
  }

  return {
    routes: {
      'GET /idp/metadata': metadata,
      'GET /idp/sso': singleSignOn,
      'POST /idp/sso': singleSignOn,
      'POST /idp/login': logIn,
      'GET /idp/slo': singleLogout,
      'POST /idp/slo': singleLogout,
    },
  };
}

module.exports = { createForeignIdp };
