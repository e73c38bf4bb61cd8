package io.changetrail.domain.ledger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A C2SP signed note: a text ending in a newline, a blank line, then one or more signature lines
 * {@code — <key name> base64(key ID || signature)}.
 */
public record SignedNote(String text, List<Signature> signatures) {
  /** The em dash, space prefix of every signature line. */
  public static final String SIGNATURE_PREFIX = "\u2014 ";

  private static final int MAX_SIGNATURES = 16;

  /** One signature line: the signer's key name, its 4-byte key ID and the signature bytes. */
  public record Signature(String keyName, int keyId, byte[] signature) {
    public Signature {
      signature = signature.clone();
    }

    @Override
    public byte[] signature() {
      return signature.clone();
    }

    String line() {
      byte[] blob = new byte[4 + signature.length];
      blob[0] = (byte) (keyId >>> 24);
      blob[1] = (byte) (keyId >>> 16);
      blob[2] = (byte) (keyId >>> 8);
      blob[3] = (byte) keyId;
      System.arraycopy(signature, 0, blob, 4, signature.length);
      return SIGNATURE_PREFIX + keyName + " " + Base64.getEncoder().encodeToString(blob) + "\n";
    }
  }

  public SignedNote {
    signatures = List.copyOf(signatures);
  }

  /** The whole note: text, blank line, signature lines. */
  public String encode() {
    StringBuilder out = new StringBuilder(text).append('\n');
    for (Signature signature : signatures) {
      out.append(signature.line());
    }
    return out.toString();
  }

  public byte[] textBytes() {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a signed note; throws {@link IllegalArgumentException} saying what is wrong with a
   * malformed one. Signatures are not checked here (see {@link VerifierKey#verify}).
   */
  public static SignedNote parse(String note) {
    if (note.length() > 64 * 1024) {
      throw new IllegalArgumentException("the note is larger than 64 KiB");
    }
    for (int i = 0; i < note.length(); i++) {
      char c = note.charAt(i);
      if (c < 0x20 && c != '\n') {
        throw new IllegalArgumentException("the note holds a control character");
      }
    }
    if (!note.endsWith("\n")) {
      throw new IllegalArgumentException("a signed note ends with a newline");
    }
    int split = note.lastIndexOf("\n\n");
    if (split < 0) {
      throw new IllegalArgumentException("a signed note has a blank line before its signatures");
    }
    String text = note.substring(0, split + 1);
    String block = note.substring(split + 2);
    List<Signature> signatures = new ArrayList<>();
    for (String line : block.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      if (!line.startsWith(SIGNATURE_PREFIX)) {
        throw new IllegalArgumentException("'" + line + "' is not a signature line");
      }
      String rest = line.substring(SIGNATURE_PREFIX.length());
      int space = rest.indexOf(' ');
      if (space <= 0 || rest.indexOf(' ', space + 1) >= 0) {
        throw new IllegalArgumentException("'" + line + "' is not '— name signature'");
      }
      byte[] blob;
      try {
        blob = Base64.getDecoder().decode(rest.substring(space + 1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the signature of '" + line + "' is not base64");
      }
      if (blob.length < 5) {
        throw new IllegalArgumentException("the signature of '" + line + "' is too short");
      }
      int keyId =
          ((blob[0] & 0xFF) << 24)
              | ((blob[1] & 0xFF) << 16)
              | ((blob[2] & 0xFF) << 8)
              | (blob[3] & 0xFF);
      byte[] signature = new byte[blob.length - 4];
      System.arraycopy(blob, 4, signature, 0, signature.length);
      signatures.add(new Signature(rest.substring(0, space), keyId, signature));
    }
    if (signatures.isEmpty()) {
      throw new IllegalArgumentException("the note has no signature");
    }
    if (signatures.size() > MAX_SIGNATURES) {
      throw new IllegalArgumentException("the note has more than 16 signatures");
    }
    return new SignedNote(text, signatures);
  }
}
