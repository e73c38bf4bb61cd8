package io.changetrail.domain.ledger;

/**
 * Reads the top-level {@code "index"} of a canonical entry without parsing the whole entry: one
 * pass over the bytes, skipping strings and nested values. Verification runs it on every entry, so
 * it must cost far less than the SHA-256 of the entry.
 */
public final class EntryScanner {
  private static final byte[] KEY = {'"', 'i', 'n', 'd', 'e', 'x', '"', ':'};

  private EntryScanner() {}

  /** The entry's top-level index, or -1 when the bytes are not an object with a numeric index. */
  public static long index(byte[] buf, int offset, int length) {
    int end = offset + length;
    if (length < 2 || buf[offset] != '{' || buf[end - 1] != '}') {
      return -1;
    }
    int depth = 0;
    int i = offset;
    while (i < end) {
      byte b = buf[i];
      if (b == '"') {
        if (depth == 1 && buf[i - 1] != ':' && startsWith(buf, i, end, KEY)) {
          return number(buf, i + KEY.length, end);
        }
        i = skipString(buf, i + 1, end);
        if (i < 0) {
          return -1;
        }
        continue;
      }
      if (b == '{' || b == '[') {
        depth++;
      } else if (b == '}' || b == ']') {
        depth--;
      }
      i++;
    }
    return -1;
  }

  private static int skipString(byte[] buf, int i, int end) {
    while (i < end) {
      byte b = buf[i];
      if (b == '\\') {
        i += 2;
      } else if (b == '"') {
        return i + 1;
      } else {
        i++;
      }
    }
    return -1;
  }

  private static boolean startsWith(byte[] buf, int i, int end, byte[] key) {
    if (i + key.length > end) {
      return false;
    }
    for (int k = 0; k < key.length; k++) {
      if (buf[i + k] != key[k]) {
        return false;
      }
    }
    return true;
  }

  private static long number(byte[] buf, int i, int end) {
    long value = 0;
    int digits = 0;
    while (i < end && buf[i] >= '0' && buf[i] <= '9') {
      if (digits == 18) {
        return -1;
      }
      value = value * 10 + (buf[i] - '0');
      digits++;
      i++;
    }
    if (digits == 0 || (digits > 1 && buf[i - digits] == '0') || i >= end) {
      return -1;
    }
    return buf[i] == ',' || buf[i] == '}' ? value : -1;
  }
}
