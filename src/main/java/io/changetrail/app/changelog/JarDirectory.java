package io.changetrail.app.changelog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.ZipFile;

/**
 * The central directory of a jar: the list at its end of every entry with its name, time, sizes and
 * the CRC-32 of its content. Read as bytes, it tells one build from another by content without
 * decompressing anything.
 */
final class JarDirectory {
  private static final int END_OF_DIRECTORY = 0x06054b50;
  private static final int END_RECORD = 22;
  private static final int LONGEST_COMMENT = 0xffff;

  private JarDirectory() {}

  /** The directory's bytes; null for a jar this reader does not handle (ZIP64). */
  static byte[] read(Path jar) throws IOException {
    try (FileChannel channel = FileChannel.open(jar)) {
      long size = channel.size();
      int tail = (int) Math.min(size, END_RECORD + LONGEST_COMMENT);
      ByteBuffer end = ByteBuffer.allocate(tail).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, end, size - tail);
      for (int at = tail - END_RECORD; at >= 0; at--) {
        if (end.getInt(at) != END_OF_DIRECTORY) {
          continue;
        }
        long length = Integer.toUnsignedLong(end.getInt(at + 12));
        long offset = Integer.toUnsignedLong(end.getInt(at + 16));
        if (length == 0xffffffffL || offset == 0xffffffffL || offset + length > size) {
          return null;
        }
        if (length > Integer.MAX_VALUE - 16) {
          return null;
        }
        ByteBuffer directory = ByteBuffer.allocate((int) length);
        readFully(channel, directory, offset);
        return directory.array();
      }
      return null;
    }
  }

  /** A digest of every entry's name, size and CRC-32, through {@link ZipFile} (slower). */
  static String entriesDigest(Path jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      ByteBuffer numbers = ByteBuffer.allocate(16);
      var entries = zip.entries();
      while (entries.hasMoreElements()) {
        var entry = entries.nextElement();
        digest.update(entry.getName().getBytes(StandardCharsets.UTF_8));
        numbers.clear();
        numbers.putLong(entry.getSize()).putLong(entry.getCrc());
        digest.update(numbers.array());
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, position + buffer.position());
      if (read < 0) {
        throw new IOException("the jar ends early");
      }
    }
  }
}
