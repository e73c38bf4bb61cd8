#!/usr/bin/env python3
"""An in-toto/DSSE verifier written from the DSSE v1.0 protocol and the in-toto Statement v1
specification alone, as a consumer outside ChangeTrail would write one (Python and the
`cryptography` package; none of ChangeTrail's code).

usage: verify_dsse.py ENVELOPES.jsonl PUBLIC_KEY.pem
Prints one line per envelope: "OK <predicateType> <subject digests>", or "BAD <why>" and
exits 1 when any envelope fails.
"""
import base64
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key


def pae(payload_type: str, payload: bytes) -> bytes:
    t = payload_type.encode("utf-8")
    return b"DSSEv1 %d %s %d %s" % (len(t), t, len(payload), payload)


def main() -> int:
    envelopes, pem = sys.argv[1], sys.argv[2]
    with open(pem, "rb") as f:
        key = load_pem_public_key(f.read())
    if not isinstance(key, Ed25519PublicKey):
        print("BAD the public key is not Ed25519")
        return 1
    failed = False
    with open(envelopes, "rb") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            envelope = json.loads(line)
            payload = base64.b64decode(envelope["payload"], validate=True)
            signed = pae(envelope["payloadType"], payload)
            good = False
            for signature in envelope.get("signatures", []):
                try:
                    key.verify(base64.b64decode(signature["sig"], validate=True), signed)
                    good = True
                except InvalidSignature:
                    pass
            if not good:
                print("BAD line %d: no signature verifies" % number)
                failed = True
                continue
            if envelope["payloadType"] != "application/vnd.in-toto+json":
                print("BAD line %d: payload type %s" % (number, envelope["payloadType"]))
                failed = True
                continue
            statement = json.loads(payload)
            if statement.get("_type") != "https://in-toto.io/Statement/v1":
                print("BAD line %d: not an in-toto Statement v1" % number)
                failed = True
                continue
            subjects = statement.get("subject") or []
            if not subjects or any(not s.get("digest") for s in subjects):
                print("BAD line %d: a subject without a digest" % number)
                failed = True
                continue
            digests = ",".join(
                "%s:%s" % (algorithm, value)
                for s in subjects
                for algorithm, value in sorted(s["digest"].items()))
            print("OK %s %s" % (statement["predicateType"], digests))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
