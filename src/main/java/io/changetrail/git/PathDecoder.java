package io.changetrail.git;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns the raw bytes git prints for a path into text. Paths that are not valid UTF-8 keep every
 * byte visible as {@code \xNN} rather than being silently replaced, so two different paths never
 * print the same.
 */
final class PathDecoder {
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private int invalid;

  String decode(byte[] bytes, int from, int to) {
    try {
      CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, from, to - from));
      return chars.toString();
    } catch (CharacterCodingException e) {
      invalid++;
      return escape(bytes, from, to);
    }
  }

  /** How many paths were not valid UTF-8. */
  int invalidPaths() {
    return invalid;
  }

  private static String escape(byte[] bytes, int from, int to) {
    StringBuilder out = new StringBuilder();
    int i = from;
    while (i < to) {
      int b = bytes[i] & 0xff;
      int length = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
      if (length > 0 && i + length <= to && validSequence(bytes, i, length)) {
        out.append(new String(bytes, i, length, StandardCharsets.UTF_8));
        i += length;
      } else {
        out.append(String.format("\\x%02X", b));
        i++;
      }
    }
    return out.toString();
  }

  private static boolean validSequence(byte[] bytes, int start, int length) {
    for (int k = 1; k < length; k++) {
      if ((bytes[start + k] & 0xc0) != 0x80) {
        return false;
      }
    }
    return true;
  }
}
