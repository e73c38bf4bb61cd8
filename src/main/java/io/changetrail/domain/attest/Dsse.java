package io.changetrail.domain.attest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Dead Simple Signing Envelope (DSSE v1.0): what is signed is the pre-authentication encoding
 * of the payload type and the payload, {@code "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body},
 * lengths as ASCII decimal byte counts. Signing the encoding rather than the payload binds the
 * signature to the type, and its fixed prefix keeps these signatures apart from every other use of
 * the same key (the ledger's checkpoint notes never begin with it).
 */
public final class Dsse {
  /** The payload type of an in-toto statement. */
  public static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

  static final byte[] PREFIX = "DSSEv1 ".getBytes(StandardCharsets.US_ASCII);

  private Dsse() {}

  /** One signature of an envelope: the signing key's id and the signature bytes. */
  public record Signature(String keyId, byte[] sig) {
    public Signature {
      sig = sig.clone();
    }

    @Override
    public byte[] sig() {
      return sig.clone();
    }
  }

  /** An envelope: its payload type, the payload's exact bytes and the signatures over both. */
  public record Envelope(String payloadType, byte[] payload, List<Signature> signatures) {
    public Envelope {
      payload = payload.clone();
      signatures = List.copyOf(signatures);
    }

    @Override
    public byte[] payload() {
      return payload.clone();
    }

    /** The bytes each signature is over. */
    public byte[] signedBytes() {
      return pae(payloadType, payload);
    }
  }

  /** The pre-authentication encoding of {@code payloadType} and {@code payload}. */
  public static byte[] pae(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + type.length + 32);
    out.writeBytes(PREFIX);
    out.writeBytes(Integer.toString(type.length).getBytes(StandardCharsets.US_ASCII));
    out.write(' ');
    out.writeBytes(type);
    out.write(' ');
    out.writeBytes(Integer.toString(payload.length).getBytes(StandardCharsets.US_ASCII));
    out.write(' ');
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /** Whether {@code bytes} are a pre-authentication encoding (start with the DSSE prefix). */
  public static boolean isPae(byte[] bytes) {
    if (bytes.length < PREFIX.length) {
      return false;
    }
    for (int i = 0; i < PREFIX.length; i++) {
      if (bytes[i] != PREFIX[i]) {
        return false;
      }
    }
    return true;
  }
}
