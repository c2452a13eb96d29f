package dev.dmp.mapreduce.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * A real small file system (tmpfs) mounted for a test, to see what commands do when the disk is
 * full. Mounting needs root; where the test cannot mount, it is skipped, saying why.
 */
public final class SmallDisk implements AutoCloseable {

  private final Path dir;

  private SmallDisk(Path dir) {
    this.dir = dir;
  }

  /** Mounts a tmpfs of {@code size} (as mount takes it: {@code 1m}) on {@code dir}. */
  public static SmallDisk mount(Path dir, String size) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Process mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString())
            .redirectErrorStream(true)
            .start();
    Assumptions.assumeTrue(
        mount.waitFor() == 0, "a full disk needs a small tmpfs, which needs root");
    return new SmallDisk(dir);
  }

  public Path dir() {
    return dir;
  }

  /** Fills the disk up with one file. */
  public void fill() throws IOException {
    try (var out = Files.newOutputStream(dir.resolve("filler"))) {
      byte[] block = new byte[1 << 16];
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      if (dir.toFile().getUsableSpace() > 1 << 16) {
        throw full;
      }
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    new ProcessBuilder("umount", dir.toString()).start().waitFor();
  }
}
