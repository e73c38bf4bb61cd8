package io.changetrail.domain.ledger;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An Ed25519 public key that checks signed notes, written as C2SP verifier keys are: {@code
 * name+hex(keyID)+base64(0x01 || 32-byte public key)}.
 */
public final class VerifierKey {
  static final byte ED25519 = 0x01;
  private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private final String name;
  private final int keyId;
  private final byte[] publicKey;
  private final PublicKey jdkKey;

  public VerifierKey(String name, byte[] publicKey) {
    checkName(name);
    if (publicKey.length != 32) {
      throw new IllegalArgumentException("an Ed25519 public key has 32 bytes");
    }
    this.name = name;
    this.publicKey = publicKey.clone();
    this.keyId = keyId(name, publicKey);
    try {
      byte[] encoded = new byte[X509_PREFIX.length + 32];
      System.arraycopy(X509_PREFIX, 0, encoded, 0, X509_PREFIX.length);
      System.arraycopy(publicKey, 0, encoded, X509_PREFIX.length, 32);
      this.jdkKey =
          KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage());
    }
  }

  /** Reads {@code name+hex(keyID)+base64(0x01 || key)}; says what is wrong when it cannot. */
  public static VerifierKey parse(String text) {
    String vkey = text.strip();
    int first = vkey.indexOf('+');
    int second = first < 0 ? -1 : vkey.indexOf('+', first + 1);
    if (first <= 0 || second < 0) {
      throw new IllegalArgumentException("a verifier key reads name+keyid+base64key");
    }
    String name = vkey.substring(0, first);
    String hexId = vkey.substring(first + 1, second);
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(vkey.substring(second + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the key part of the verifier key is not base64");
    }
    if (blob.length != 33 || blob[0] != ED25519) {
      throw new IllegalArgumentException("the verifier key is not an Ed25519 key (type 0x01)");
    }
    byte[] key = new byte[32];
    System.arraycopy(blob, 1, key, 0, 32);
    VerifierKey parsed = new VerifierKey(name, key);
    if (!hexId.matches("[0-9a-f]{8}") || !hexId.equals(parsed.keyIdHex())) {
      throw new IllegalArgumentException(
          "the key ID " + hexId + " does not match the key (expected " + parsed.keyIdHex() + ")");
    }
    return parsed;
  }

  /** SHA-256(name || 0x0A || 0x01 || key)[:4], big-endian. */
  static int keyId(String name, byte[] publicKey) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(name.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0x0A);
      sha.update(ED25519);
      sha.update(publicKey);
      byte[] h = sha.digest();
      return ((h[0] & 0xFF) << 24) | ((h[1] & 0xFF) << 16) | ((h[2] & 0xFF) << 8) | (h[3] & 0xFF);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static void checkName(String name) {
    if (name == null || name.isEmpty() || name.contains("+") || !name.matches("\\S+")) {
      throw new IllegalArgumentException(
          "a key name is not empty and holds no spaces or '+' (e.g. example.com/ledger)");
    }
  }

  public String name() {
    return name;
  }

  public int keyId() {
    return keyId;
  }

  public String keyIdHex() {
    return String.format("%08x", keyId);
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The verifier key string. */
  public String encode() {
    byte[] blob = new byte[33];
    blob[0] = ED25519;
    System.arraycopy(publicKey, 0, blob, 1, 32);
    return name + "+" + keyIdHex() + "+" + Base64.getEncoder().encodeToString(blob);
  }

  /**
   * Whether the note carries a valid signature by this key. Signatures of other keys are ignored
   * (C2SP); a signature that names this key but does not verify makes the note invalid.
   */
  public boolean verify(SignedNote note) {
    boolean verified = false;
    for (SignedNote.Signature signature : note.signatures()) {
      if (!signature.keyName().equals(name) || signature.keyId() != keyId) {
        continue;
      }
      if (!check(note.textBytes(), signature.signature())) {
        return false;
      }
      verified = true;
    }
    return verified;
  }

  /** Whether the note has a signature line naming this key (valid or not). */
  public boolean named(SignedNote note) {
    return note.signatures().stream().anyMatch(s -> s.keyName().equals(name) && s.keyId() == keyId);
  }

  /** The key as a PEM "PUBLIC KEY" (X.509 SubjectPublicKeyInfo), the form other verifiers read. */
  public String pem() {
    byte[] encoded = new byte[X509_PREFIX.length + 32];
    System.arraycopy(X509_PREFIX, 0, encoded, 0, X509_PREFIX.length);
    System.arraycopy(publicKey, 0, encoded, X509_PREFIX.length, 32);
    return "-----BEGIN PUBLIC KEY-----\n"
        + java.util.Base64.getEncoder().encodeToString(encoded)
        + "\n-----END PUBLIC KEY-----\n";
  }

  /** Whether {@code signature} is this key's over {@code message}. */
  public boolean verifies(byte[] message, byte[] signature) {
    return check(message, signature);
  }

  boolean check(byte[] message, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(jdkKey);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VerifierKey that && encode().equals(that.encode());
  }

  @Override
  public int hashCode() {
    return encode().hashCode();
  }

  @Override
  public String toString() {
    return encode();
  }
}
