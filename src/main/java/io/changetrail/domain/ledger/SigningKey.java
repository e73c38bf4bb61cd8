package io.changetrail.domain.ledger;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * An Ed25519 private key that signs notes, with its {@link VerifierKey}. Its text form follows the
 * Go note package: {@code PRIVATE+KEY+name+hex(keyID)+base64(0x01 || 32-byte seed)}; the public key
 * is kept beside it because the JDK cannot derive it from the seed.
 */
public final class SigningKey {
  private static final byte[] PKCS8_PREFIX =
      HexFormat.of().parseHex("302e020100300506032b657004220420");

  private final VerifierKey verifier;
  private final byte[] seed;
  private final PrivateKey jdkKey;

  private SigningKey(VerifierKey verifier, byte[] seed) {
    this.verifier = verifier;
    this.seed = seed.clone();
    try {
      byte[] encoded = new byte[PKCS8_PREFIX.length + 32];
      System.arraycopy(PKCS8_PREFIX, 0, encoded, 0, PKCS8_PREFIX.length);
      System.arraycopy(seed, 0, encoded, PKCS8_PREFIX.length, 32);
      this.jdkKey =
          KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(encoded));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 private key: " + e.getMessage());
    }
    byte[] probe = "changetrail key check\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (!verifier.check(probe, sign(probe))) {
      throw new IllegalArgumentException("the private key does not belong to " + verifier.encode());
    }
  }

  /** A new random key pair named {@code name}. */
  public static SigningKey generate(String name) {
    VerifierKey.checkName(name);
    try {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      byte[] x509 = pair.getPublic().getEncoded();
      byte[] pkcs8 = pair.getPrivate().getEncoded();
      byte[] publicKey = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
      byte[] seed = Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
      return new SigningKey(new VerifierKey(name, publicKey), seed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make Ed25519 keys", e);
    }
  }

  /** Reads a private key string and the verifier key it belongs to. */
  public static SigningKey parse(String privateKey, VerifierKey verifier) {
    String text = privateKey.strip();
    List<String> parts = List.of(text.split("\\+", 5));
    if (parts.size() != 5 || !parts.get(0).equals("PRIVATE") || !parts.get(1).equals("KEY")) {
      throw new IllegalArgumentException("a private key reads PRIVATE+KEY+name+keyid+base64seed");
    }
    if (!parts.get(2).equals(verifier.name()) || !parts.get(3).equals(verifier.keyIdHex())) {
      throw new IllegalArgumentException(
          "the private key "
              + parts.get(2)
              + "+"
              + parts.get(3)
              + " does not match the public key "
              + verifier.name()
              + "+"
              + verifier.keyIdHex());
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(parts.get(4));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the private key is not base64");
    }
    if (blob.length != 33 || blob[0] != VerifierKey.ED25519) {
      throw new IllegalArgumentException("the private key is not an Ed25519 key (type 0x01)");
    }
    return new SigningKey(verifier, Arrays.copyOfRange(blob, 1, 33));
  }

  public VerifierKey verifier() {
    return verifier;
  }

  /** The private key string (keep it secret). */
  public String encode() {
    byte[] blob = new byte[33];
    blob[0] = VerifierKey.ED25519;
    System.arraycopy(seed, 0, blob, 1, 32);
    return "PRIVATE+KEY+"
        + verifier.name()
        + "+"
        + verifier.keyIdHex()
        + "+"
        + Base64.getEncoder().encodeToString(blob);
  }

  /** Signs a note text (which must end with a newline). */
  public SignedNote sign(String text) {
    if (!text.endsWith("\n")) {
      throw new IllegalArgumentException("a note text ends with a newline");
    }
    SignedNote unsigned = new SignedNote(text, List.of());
    byte[] signature = sign(unsigned.textBytes());
    return new SignedNote(
        text, List.of(new SignedNote.Signature(verifier.name(), verifier.keyId(), signature)));
  }

  /**
   * Signs a DSSE pre-authentication encoding (see {@code domain.attest.Dsse}), and nothing else:
   * its fixed "DSSEv1 " prefix keeps these signatures apart from the checkpoint notes the same key
   * signs.
   */
  public byte[] signDsse(byte[] preAuthenticationEncoding) {
    byte[] prefix = "DSSEv1 ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    if (preAuthenticationEncoding.length < prefix.length
        || !Arrays.equals(preAuthenticationEncoding, 0, prefix.length, prefix, 0, prefix.length)) {
      throw new IllegalArgumentException("not a DSSE pre-authentication encoding");
    }
    return sign(preAuthenticationEncoding);
  }

  private byte[] sign(byte[] message) {
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(jdkKey);
      signer.update(message);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }
}
