// Opens an ENCRYPTED SIGSTORE PRIVATE KEY with an implementation independent of basalt's:
// Node's scrypt and tweetnacl's secretbox. Then signs a message with the key through Node's crypto.
//
// Usage: node tweetnacl-open-key.js <npm prefix with tweetnacl installed> <key file> <password> <message>
// Prints {"publicKey":<PEM>,"signature":<base64 DER ECDSA SHA-256>} and exits 0, or an error and exits 1.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const [prefix, keyPath, password, message] = process.argv.slice(2);
const nacl = require(path.join(prefix, 'node_modules', 'tweetnacl'));

const pem = fs.readFileSync(keyPath, 'utf8');
const m = /-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n([\s\S]*?)-----END ENCRYPTED SIGSTORE PRIVATE KEY-----/.exec(pem);
if (!m) {
  console.error('no ENCRYPTED SIGSTORE PRIVATE KEY block');
  process.exit(1);
}
const doc = JSON.parse(Buffer.from(m[1].replace(/\s+/g, ''), 'base64').toString('utf8'));
if (doc.kdf.name !== 'scrypt' || doc.cipher.name !== 'nacl/secretbox') {
  console.error('unexpected kdf or cipher: ' + JSON.stringify(doc));
  process.exit(1);
}
const { N, r, p } = doc.kdf.params;
const key = crypto.scryptSync(Buffer.from(password, 'utf8'), Buffer.from(doc.kdf.salt, 'base64'), 32,
  { N, r, p, maxmem: 256 * 1024 * 1024 });
// tweetnacl's secretbox box is tag || ciphertext, the layout go-securesystemslib stores.
const pkcs8 = nacl.secretbox.open(new Uint8Array(Buffer.from(doc.ciphertext, 'base64')),
  new Uint8Array(Buffer.from(doc.cipher.nonce, 'base64')), new Uint8Array(key));
if (!pkcs8) {
  console.error('secretbox did not open: wrong password or altered key');
  process.exit(1);
}
const privateKey = crypto.createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
const signature = crypto.sign('sha256', Buffer.from(message, 'utf8'), privateKey);
console.log(JSON.stringify({
  params: { N, r, p },
  publicKey: crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }),
  signature: signature.toString('base64'),
}));
