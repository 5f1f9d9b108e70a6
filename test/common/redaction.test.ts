/**
 * The shared redaction, terminal escaping and CSV neutralising in common/, and the error type every
 * API failure is made of: credentials held, credential-shaped text, URL userinfo, control
 * characters and formula cells.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasUserinfo, redact, rememberSecret, withoutUserinfo } from '../../common/redaction';
import { csvCell, printable } from '../../common/terminalText';
import { safeText } from '../../common/safeOutput';
import { ZenmlApiError } from '../../common/api/apiError';
import { accessReportCsv } from '../../core/sync/accessReport';

const KEY = 'ZENKEY_eyJpZCI6ICIxMjMiLCAia2V5IjogInMzY3IzdCJ9';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

test('credentials this process holds are removed, also URL-encoded and JSON-escaped', () => {
  const password = 'p@ss w"ord/with&odd=chars';
  rememberSecret(password, undefined, '', 'short');
  assert.equal(redact(`form: username=ada&password2=${new URLSearchParams({ p: password }).toString().slice(2)}`).includes('odd'), false);
  assert.equal(redact(`echo ${encodeURIComponent(password)}`), 'echo ***');
  assert.equal(redact(`{"x": ${JSON.stringify(password)}}`), '{"x": "***"}');
  assert.equal(redact(`it was ${password}!`), 'it was ***!');
  // Values under six characters are not registered: they would blank ordinary words.
  assert.equal(redact('a short story'), 'a short story');
});

test('anything shaped like a ZenML API key, a JWT, a bearer or basic credential, or a secret field is removed', () => {
  const cases: [string, string][] = [
    [`bad form: password=${KEY}`, 'bad form: password=***'],
    [`RuntimeError: key ${KEY} rejected`, 'RuntimeError: key *** rejected'],
    ['pro key ZENPROKEY_abc123def456 and ZENPAT_0123456789abcdef', 'pro key *** and ***'],
    ['give a ZenML Pro API key (ZENPROKEY_...) here', 'give a ZenML Pro API key (ZENPROKEY_...) here'],
    [`token ${JWT} expired`, 'token *** expired'],
    ['Authorization: Bearer abc.def-ghi_jkl', 'Authorization: ***'],
    ['headers {"authorization": "Bearer opaque-token-123"}', 'headers {"authorization": "***"}'],
    ['sent Bearer opaque-token-123 twice', 'sent Bearer *** twice'],
    ['proxy said Basic YWRhOnNlY3JldA==', 'proxy said Basic ***'],
    ['{"password": "hunter22", "name": "ada"}', '{"password": "***", "name": "ada"}'],
    ['api_key=abc123def&x=1', 'api_key=***&x=1'],
    ['access_token: 0123456789abcdef', 'access_token: ***'],
    ['client_secret=s3cr3t-value', 'client_secret=***'],
    ['see https://ada:hunter22@zenml.example.com/api', 'see https://***@zenml.example.com/api'],
  ];
  for (const [text, expected] of cases) assert.equal(redact(text), expected, text);
  // Ordinary sentences are left alone.
  const plain = "Could not list the projects: the workspace at https://zenml.example.com failed (HTTP 500). Your role in project 'token-service' does not allow you to delete it.";
  assert.equal(redact(plain), plain);
  assert.equal(redact(redact(`password=${KEY}`)), 'password=***');
});

test('the word after "token: " in a sentence stays; a token, a key or any password after it does not', () => {
  // ZenML's own wording when an access token has run out.
  assert.equal(redact('Authentication error: Invalid token: signature has expired'), 'Authentication error: Invalid token: signature has expired');
  assert.equal(redact('The server said: token: expired, sign in again'), 'The server said: token: expired, sign in again');
  assert.equal(redact('token: abcdef0123456789'), 'token: ***');
  assert.equal(redact('token: averylongrandomlookingword'), 'token: ***');
  assert.equal(redact('token: Secretvalue'), 'token: ***');
  assert.equal(redact('"token": "expired"'), '"token": "***"');
  assert.equal(redact('token=expired'), 'token=***');
  assert.equal(redact('api_key: hunter'), 'api_key: ***');
  assert.equal(redact('access_token: expired'), 'access_token: ***');
  assert.equal(redact('password: sunshine'), 'password: ***');
  assert.equal(redact('client_secret: hello'), 'client_secret: ***');
});

test('ZenmlApiError redacts its message and the server detail, whoever builds it', () => {
  const e = new ZenmlApiError('http', `Could not sign in: the server said: bad form: password=${KEY}`, 500, 'RuntimeError', `bad form: password=${KEY}`);
  assert.ok(!e.message.includes(KEY) && !e.detail!.includes(KEY));
  assert.match(e.message, /password=\*\*\*/);
});

test('URLs: userinfo is detected and stripped', () => {
  assert.equal(hasUserinfo('http://user:secret@127.0.0.1:8237'), true);
  assert.equal(hasUserinfo('https://token@zenml.example.com/'), true);
  assert.equal(hasUserinfo('https://zenml.example.com/a@b'), false);
  assert.equal(withoutUserinfo('http://user:secret@127.0.0.1:8237'), 'http://127.0.0.1:8237');
  assert.equal(withoutUserinfo('https://u:p@zenml.example.com/x/'), 'https://zenml.example.com/x/');
  assert.equal(withoutUserinfo('https://zenml.example.com'), 'https://zenml.example.com');
});

test('terminal text: escape sequences, carriage returns, C1 controls and bidi overrides are shown, not obeyed', () => {
  assert.equal(printable('\x1b[2J\x1b]8;;http://evil\x07name\rX\u009b31m\u202eabc\tok\n'), '\\x1b[2J\\x1b]8;;http://evil\\x07name\\x0dX\\x9b31m\\u{202e}abc\tok\n');
  assert.equal(safeText(`\x1b[31m${KEY}`), '\\x1b[31m***');
});

test('CSV: formula-leading cells are neutralised, others quoted per RFC 4180', () => {
  assert.equal(csvCell('=HYPERLINK("http://evil","x")'), `"'=HYPERLINK(""http://evil"",""x"")"`);
  for (const lead of ['+', '-', '@', '\t', '\r']) assert.equal(csvCell(`${lead}1+1`).replace(/^"/, '').startsWith(`'${lead}`), true, JSON.stringify(lead));
  assert.equal(csvCell('ada'), 'ada');
  assert.equal(csvCell('a, b'), '"a, b"');
  const csv = accessReportCsv({
    projectId: 'p',
    url: 'http://x',
    unknownTeams: [],
    rows: [{ user: '=HYPERLINK("http://evil","click")', declared: [], actual: [{ role: 'viewer' }], declaredRights: '', actualRights: 'read', status: 'workspace only' }],
  } as never);
  const line = csv.split('\n')[1];
  assert.ok(line.startsWith(`"'=HYPERLINK(`), line);
});
