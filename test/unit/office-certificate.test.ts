import assert from 'node:assert/strict';
import { createServer, request } from 'node:https';
import { X509Certificate } from 'node:crypto';
import { test } from 'node:test';
import { fingerprintOfPem, makeCertificate } from '../../electron/core/network/certificate';

// The office-network listener's certificate: a real X.509 v3 certificate Node parses and verifies, naming
// this machine's names and addresses, and a TLS client that pins it reaches a server using it.

test('a self-signed v3 certificate for the machine\'s names and addresses, valid ten years', () => {
  const now = new Date('2026-12-04T12:00:00Z');
  const made = makeCertificate(['poste-district', 'poste-district.local'], ['192.168.1.20', '127.0.0.1', '::1'], now);
  const cert = new X509Certificate(made.certPem);
  assert.ok(cert.verify(cert.publicKey), 'signed by its own key');
  assert.match(cert.subject, /CN=Oomus CampaignID poste-district/);
  assert.equal(cert.subjectAltName, 'DNS:poste-district, DNS:poste-district.local, IP Address:192.168.1.20, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
  assert.ok(cert.checkIP('192.168.1.20') && cert.checkHost('poste-district.local'));
  assert.equal(cert.ca, false);
  assert.equal(new Date(cert.validTo).getUTCFullYear(), 2036);
  assert.ok(new Date(cert.validFrom) < now);
  assert.equal(made.fingerprint, cert.fingerprint256);
  assert.equal(fingerprintOfPem(made.certPem), cert.fingerprint256);
  assert.notEqual(makeCertificate(['x'], []).fingerprint, made.fingerprint, 'each installation its own key');
});

test('a client that pins the certificate talks TLS to a server using it', async () => {
  const made = makeCertificate(['localhost'], ['127.0.0.1']);
  const server = createServer({ cert: made.certPem, key: made.keyPem }, (_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  try {
    const body = await new Promise<string>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/', ca: made.certPem }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve(text));
      }).on('error', reject).end();
    });
    assert.equal(body, 'ok');
    const other = makeCertificate(['localhost'], ['127.0.0.1']);
    await assert.rejects(new Promise((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/', ca: other.certPem }, resolve).on('error', reject).end();
    }), /self-signed|certificate/i, 'another certificate is not trusted in its place');
  } finally {
    server.close();
  }
});
