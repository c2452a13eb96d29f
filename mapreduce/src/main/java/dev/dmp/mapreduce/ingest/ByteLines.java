package dev.dmp.mapreduce.ingest;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * Splits a stream into lines without decoding it: scans 64 KiB blocks for newlines, keeps at most
 * {@code maxBytes} of each line (counting the rest), strips a CRLF's CR, and turns a stream that
 * breaks (a truncated or corrupt gzip) into a last line carrying the problem.
 */
final class ByteLines {
  private final InputStream in;
  private final int maxBytes;
  private final byte[] block = new byte[1 << 16];
  private int pos;
  private int limit;
  private long consumed; // bytes of the stream before block[0]
  private boolean eof;

  byte[] line = new byte[1024];
  int kept;
  long length;
  long start;
  boolean blank;
  String problem;

  ByteLines(InputStream in, int maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /**
   * Advances to the next line; false at the end of the stream. A broken compressed stream ends the
   * file with a line carrying the problem; any other I/O error propagates (ingest can be rerun).
   */
  boolean next() throws IOException {
    kept = 0;
    length = 0;
    blank = true;
    start = consumed + pos;
    while (true) {
      if (pos == limit) {
        if (eof) {
          return length > 0;
        }
        try {
          fill();
        } catch (EOFException | ZipException e) {
          problem =
              "the compressed stream ends or breaks after "
                  + (consumed + pos)
                  + " bytes ("
                  + e.getMessage()
                  + "); nothing after that point can be read";
          return true;
        }
        continue;
      }
      int newline = pos;
      while (newline < limit && block[newline] != '\n') {
        newline++;
      }
      append(pos, newline);
      boolean ended = newline < limit;
      pos = ended ? newline + 1 : newline;
      if (ended) {
        if (kept > 0 && kept == length && line[kept - 1] == '\r') {
          kept--; // CRLF line ending
          length--;
        }
        return true;
      }
    }
  }

  private void fill() throws IOException {
    if (eof) {
      return;
    }
    consumed += limit;
    pos = 0;
    limit = 0;
    int n = in.read(block);
    if (n < 0) {
      eof = true;
    } else {
      limit = n;
    }
  }

  private void append(int from, int to) {
    for (int i = from; i < to && blank; i++) {
      byte b = block[i];
      blank = b == ' ' || b == '\t' || b == '\r';
    }
    int take = (int) Math.min(to - from, Math.max(0, maxBytes - kept));
    if (take > 0) {
      if (kept + take > line.length) {
        line = Arrays.copyOf(line, Math.min(Math.max(line.length * 2, kept + take), maxBytes));
      }
      System.arraycopy(block, from, line, kept, take);
      kept += take;
    }
    length += to - from;
  }
}
