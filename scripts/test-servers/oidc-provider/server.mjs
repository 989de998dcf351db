// A throwaway OpenID Connect provider for Thaksa's tests: oidc-provider (panva) on loopback,
// with fixed test accounts, a login form a test can post to, and no consent screen.
// Started and stopped by scripts/test-servers/oidc.sh, which passes everything by environment:
//
//   OIDC_PORT            port to listen on, on 127.0.0.1 (the issuer is http://127.0.0.1:PORT)
//   OIDC_CLIENT_ID       the LMS's client (default thaksa-lms)
//   OIDC_CLIENT_SECRET   its secret (required)
//   OIDC_REDIRECT_URIS   space-separated redirect URIs of every client (required)
//   OIDC_ANY_LOOPBACK_PORT  "1": register the clients as application_type native, so that (RFC
//                        8252, 7.3) a redirect URI on a loopback host matches a registered one
//                        whatever its port (same host and path): for an app whose port is
//                        chosen after this starts
//   OIDC_REQUIRE_PKCE    "1": every authorization request must carry a PKCE challenge
//                        (otherwise PKCE is allowed, and checked when sent, but not required)
//   OIDC_ACCOUNTS_FILE   optional JSON file of accounts, replacing the two built-in ones
//                        ({"USER": {"password": "...", "claims": {"email": ...}}, ...})
//
// Clients (all confidential, code flow; at /token oidc-provider 9 takes the secret either as
// HTTP Basic, client_secret_basic, or as form fields, client_secret_post):
//   OIDC_CLIENT_ID              the LMS
//   thaksa-other                an honest second client, for codes/tokens issued to someone else
//   OIDC_CLIENT_ID-expired      FAULT INJECTION: its ID tokens carry exp one hour in the past
//   OIDC_CLIENT_ID-wrong-aud    FAULT INJECTION: its ID tokens carry aud "not-<OIDC_CLIENT_ID>"
// The three extra clients share OIDC_CLIENT_SECRET and OIDC_REDIRECT_URIS. Dynamic client
// registration (POST /reg, open) is on, for redirect URIs known only after start.
//
// Login (one form post, then straight back to the client: first-party clients get their grant
// without a consent prompt): GET /auth?... redirects to /interaction/UID, which shows a form;
// POST /interaction/UID/login with login=USER&password=PASSWORD (urlencoded, with the cookies
// the redirect set) redirects to /auth/UID, which redirects to redirect_uri?code=...&state=...
// A wrong password answers 401 with the form again. POST /interaction/UID/abort ends the
// request with error=access_denied at the redirect URI.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';

import { CompactSign, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK } from 'jose';
import Provider from 'oidc-provider';

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} must be set`);
    process.exit(2);
  }
  return value;
}

const PORT = Number(required('OIDC_PORT'));
const ISSUER = `http://127.0.0.1:${PORT}`;
const CLIENT_ID = process.env.OIDC_CLIENT_ID || 'thaksa-lms';
const CLIENT_SECRET = required('OIDC_CLIENT_SECRET');
const REDIRECT_URIS = required('OIDC_REDIRECT_URIS').split(/\s+/).filter(Boolean);
const REQUIRE_PKCE = process.env.OIDC_REQUIRE_PKCE === '1';
const ANY_LOOPBACK_PORT = process.env.OIDC_ANY_LOOPBACK_PORT === '1';
const EXPIRED_CLIENT = `${CLIENT_ID}-expired`;
const WRONG_AUD_CLIENT = `${CLIENT_ID}-wrong-aud`;

// Accounts: passwords match the LDAP test directory's (scripts/test-servers/ldap). Mail
// addresses are under example.org, not .test: validators (Ralph's xAPI actor mbox, among
// others) reject special-use domains. Grace's address is not verified, for negative tests.
// Ada also has a citizen-ID hash, as ThaID-style providers release one (OIDC_LINK_CLAIM); Grace
// has none.
const ACCOUNTS = process.env.OIDC_ACCOUNTS_FILE
  ? JSON.parse(readFileSync(process.env.OIDC_ACCOUNTS_FILE, 'utf8'))
  : {
    ada: {
      password: 'ada-secret',
      claims: {
        email: 'ada@thaksa.example.org',
        email_verified: true,
        name: 'Ada Lovelace',
        given_name: 'Ada',
        family_name: 'Lovelace',
        preferred_username: 'ada',
        citizen_id_hash: 'c2VjcmV0LWFkYS1oYXNoLTEyMzQ1Njc4',
      },
    },
    grace: {
      password: 'grace-secret',
      claims: {
        email: 'grace@thaksa.example.org',
        email_verified: false,
        name: 'Grace Hopper',
        given_name: 'Grace',
        family_name: 'Hopper',
        preferred_username: 'grace',
      },
    },
  };

// A signing key made for this run: the ID tokens' signatures are real (RS256, /jwks).
const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingJwk = { ...(await exportJWK(privateKey)), kid: `test-${randomBytes(4).toString('hex')}`, alg: 'RS256', use: 'sig' };

const client = (clientId) => ({
  client_id: clientId,
  client_secret: CLIENT_SECRET,
  application_type: ANY_LOOPBACK_PORT ? 'native' : 'web',
  redirect_uris: REDIRECT_URIS,
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
});

const configuration = {
  clients: [
    client(CLIENT_ID),
    client('thaksa-other'),
    client(EXPIRED_CLIENT),
    client(WRONG_AUD_CLIENT),
  ],
  clientDefaults: {
    grant_types: ['authorization_code'],
    response_types: ['code'],
    id_token_signed_response_alg: 'RS256',
    token_endpoint_auth_method: 'client_secret_basic',
  },
  jwks: { keys: [signingJwk] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    // citizen_id_hash: released with the profile, as a provider may release a custom claim.
    profile: ['name', 'given_name', 'family_name', 'preferred_username', 'citizen_id_hash'],
  },
  scopes: ['openid', 'email', 'profile', 'offline_access'],
  // Scope claims (email, name) in the ID token too, not only at the userinfo endpoint.
  conformIdTokenClaims: false,
  pkce: { required: () => REQUIRE_PKCE },
  features: {
    devInteractions: { enabled: false }, // ours below: no consent screen, known passwords
    registration: { enabled: true },
    introspection: { enabled: true },
    revocation: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  ttl: {
    AccessToken: 3600,
    AuthorizationCode: 60,
    IdToken: 3600,
    Interaction: 600,
    Session: 3600,
    Grant: 3600,
    RefreshToken: 3600,
  },
  async findAccount(ctx, sub) {
    const account = ACCOUNTS[sub];
    if (!account) return undefined;
    return {
      accountId: sub,
      async claims() {
        return { sub, ...account.claims };
      },
    };
  },
  // Every client here is the LMS or stands in for it (first party): grant what it asks for,
  // with no consent prompt, so one login form post completes the flow.
  async loadExistingGrant(ctx) {
    if (!ctx.oidc.session?.accountId) return undefined;
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      const grant = await ctx.oidc.provider.Grant.find(grantId);
      if (grant) return grant;
    }
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(ctx.oidc.params.scope || 'openid');
    if (ctx.oidc.params.claims) {
      const requested = JSON.parse(ctx.oidc.params.claims);
      grant.addOIDCClaims([...Object.keys(requested.id_token || {}), ...Object.keys(requested.userinfo || {})]);
    }
    await grant.save();
    return grant;
  },
};

const provider = new Provider(ISSUER, configuration);

// Fault injection for negative tests, on the two dedicated clients only: the ID token is
// issued as usual, then (for the wrong-aud client) its payload is changed and signed again
// with the provider's own key, so the signature still verifies against /jwks.
const signingKey = await importJWK(signingJwk, 'RS256');
const originalIssue = provider.IdToken.prototype.issue;
provider.IdToken.prototype.issue = async function issue(options = {}) {
  const clientId = this.client?.clientId;
  if (options.use === 'idtoken' && clientId === EXPIRED_CLIENT) {
    // issue() takes exp as an absolute time: one hour ago gives an expired, signed token.
    return originalIssue.call(this, { ...options, expiresAt: Math.floor(Date.now() / 1000) - 3600 });
  }
  const token = await originalIssue.call(this, options);
  if (options.use === 'idtoken' && clientId === WRONG_AUD_CLIENT) {
    const header = decodeProtectedHeader(token);
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
    payload.aud = `not-${CLIENT_ID}`;
    return new CompactSign(Buffer.from(JSON.stringify(payload))).setProtectedHeader(header).sign(signingKey);
  }
  return token;
};

provider.on('server_error', (ctx, error) => console.error('server_error', error));
provider.on('grant.error', (ctx, error) => console.error('grant.error', error.message, error.error_description || ''));
provider.on('authorization.error', (ctx, error) => console.error('authorization.error', error.message, error.error_description || ''));

const escapeHtml = (value) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid, clientId, message = '') {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test sign-in</title></head>
<body>
<h1>Sign in to ${escapeHtml(clientId)}</h1>
${message ? `<p class="error" role="alert">${escapeHtml(message)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login" id="login">
  <label>User <input name="login" autocomplete="username" autofocus></label>
  <label>Password <input name="password" type="password" autocomplete="current-password"></label>
  <button type="submit">Sign in</button>
</form>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort" id="abort">
  <button type="submit">Cancel</button>
</form>
</body></html>`;
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res, status, body, type = 'text/html; charset=utf-8') {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) {
    send(res, 400, 'interaction mismatch');
    return;
  }
  const clientId = details.params.client_id;
  if (req.method === 'GET' && !action) {
    if (details.prompt.name === 'login') {
      send(res, 200, loginPage(uid, clientId));
      return;
    }
    // Any other prompt (consent): first-party clients, grant what is missing and go on.
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId });
    const missing = details.prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    if (missing.missingResourceScopes) {
      for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes)) {
        grant.addResourceScope(indicator, scopes.join(' '));
      }
    }
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: details.grantId ? {} : { grantId } }, { mergeWithLastSubmission: true });
    return;
  }
  if (req.method === 'POST' && action === 'login') {
    const form = await readForm(req);
    const login = form.get('login') || '';
    const account = Object.prototype.hasOwnProperty.call(ACCOUNTS, login) ? ACCOUNTS[login] : undefined;
    if (!account || account.password !== form.get('password')) {
      console.log(`login failed for ${JSON.stringify(login)}`);
      send(res, 401, loginPage(uid, clientId, 'Invalid user or password.'));
      return;
    }
    console.log(`login ok: ${login} (client ${clientId})`);
    await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
    return;
  }
  if (req.method === 'POST' && action === 'abort') {
    await provider.interactionFinished(req, res, {
      error: 'access_denied',
      error_description: 'The user cancelled the sign-in.',
    }, { mergeWithLastSubmission: false });
    return;
  }
  send(res, 405, 'method not allowed');
}

const callback = provider.callback();
const server = http.createServer(async (req, res) => {
  const started = Date.now();
  res.on('finish', () => console.log(`${req.method} ${req.url.split('?')[0]} ${res.statusCode} ${Date.now() - started}ms`));
  const match = /^\/interaction\/([\w-]+)(?:\/(login|abort))?\/?(?:\?.*)?$/.exec(req.url);
  if (match) {
    try {
      await interaction(req, res, match[1], match[2]);
    } catch (error) {
      console.error('interaction error', error);
      if (!res.headersSent) send(res, 400, `interaction failed: ${escapeHtml(error.message)}`);
    }
    return;
  }
  callback(req, res);
});

server.listen(PORT, '127.0.0.1', () => {
  console.log(`oidc-provider listening, issuer ${ISSUER}, clients ${configuration.clients.map((c) => c.client_id).join(', ')}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
