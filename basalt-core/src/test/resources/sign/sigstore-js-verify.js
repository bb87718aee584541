// Verifies a sigstore bundle signed with a public key, using sigstore-js's own verifier.
//
// Usage: node sigstore-js-verify.js <npm prefix with sigstore@4 installed> <bundle.json> <public key PEM>
// Prints {"verified":true,...} and exits 0, or {"verified":false,"code":..,"error":..} and exits 1.
//
// Why not sigstore.verify(bundle, options): it always fetches the Sigstore trusted root over TUF,
// and it passes only ctLogThreshold and tlogThreshold on to @sigstore/verify's Verifier, whose
// timestampThreshold then defaults to 1, so a bundle with no transparency-log entry and no
// timestamp can never pass it. This script builds the same Verifier that sigstore.verify builds
// (sigstore/dist/sigstore.js createVerifier), from the same packages, with an empty trusted root,
// the caller's key found by its hint (as sigstore's keySelector option does), and every
// threshold at 0: the envelope's signature over its PAE is all that is checked.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const [prefix, bundlePath, keyPath] = process.argv.slice(2);
const fromSigstore = { paths: [path.join(prefix, 'node_modules', 'sigstore')] };
const { bundleFromJSON } = require(require.resolve('@sigstore/bundle', fromSigstore));
const { Verifier, toSignedEntity, toTrustMaterial } = require(require.resolve('@sigstore/verify', fromSigstore));

const keyPem = fs.readFileSync(keyPath, 'utf8');
const publicKey = crypto.createPublicKey(keyPem);
// The hint sigstore-go and cosign put in bundles: base64(SHA-256(DER SubjectPublicKeyInfo)).
const hint = crypto.createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64');

const emptyTrustedRoot = { certificateAuthorities: [], timestampAuthorities: [], tlogs: [], ctlogs: [] };
const keyFinder = (bundleHint) => {
  if (bundleHint !== hint) {
    const e = new Error(`key not found: ${bundleHint}`);
    e.code = 'PUBLIC_KEY_ERROR';
    throw e;
  }
  return { publicKey, validFor: () => true };
};
const verifier = new Verifier(toTrustMaterial(emptyTrustedRoot, keyFinder), {
  tlogThreshold: 0,
  ctlogThreshold: 0,
  timestampThreshold: 0,
});

try {
  const bundle = bundleFromJSON(JSON.parse(fs.readFileSync(bundlePath, 'utf8')));
  verifier.verify(toSignedEntity(bundle));
  const envelope = bundle.content.dsseEnvelope;
  console.log(JSON.stringify({
    verified: true,
    hint,
    payloadType: envelope.payloadType,
    payload: Buffer.from(envelope.payload).toString('utf8'),
  }));
} catch (e) {
  console.log(JSON.stringify({ verified: false, code: e.code || e.name, error: e.message }));
  process.exit(1);
}
