package dev.dmp.mapreduce.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deletes and renames stay below the platform's base directory, whatever path they are given. */
class PathGuardTest {

  @TempDir Path dir;

  private static org.apache.hadoop.fs.Path hadoop(Path p) {
    return new org.apache.hadoop.fs.Path(p.toUri());
  }

  @Test
  void nothingOutsideTheBaseIsDeletedOrRenamed() throws IOException {
    Path base = Files.createDirectories(dir.resolve("home/data"));
    Path victim = Files.createDirectories(dir.resolve("victim"));
    Files.writeString(victim.resolve("keep"), "x");
    Path inside = Files.createDirectories(base.resolve("clean/dt=2026-11-20"));
    Configuration conf = new Configuration();
    conf.set(DmpPaths.BASE_DIR, base.toString());
    PathGuard guard = PathGuard.of(conf);

    for (String outside :
        new String[] {
          victim.toString(),
          base + "/../../victim",
          base + "/demo-input/1/../../../../victim",
          base.toString(),
          base.getParent().toString(),
          "/",
          "relative/path",
        }) {
      assertThatThrownBy(() -> guard.delete(new org.apache.hadoop.fs.Path(outside), true))
          .as(outside)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("is not below the platform's base directory")
          .hasMessageContaining(DmpPaths.BASE_DIR);
    }
    assertThatThrownBy(() -> guard.rename(hadoop(inside), hadoop(victim.resolve("moved"))))
        .isInstanceOf(IOException.class);
    assertThat(victim.resolve("keep")).exists();
    assertThat(inside).exists();

    // Another file system than the base's.
    assertThatThrownBy(
            () -> guard.checked(new org.apache.hadoop.fs.Path("hdfs://nn:8020" + base + "/clean")))
        .isInstanceOf(IOException.class);

    assertThat(guard.delete(hadoop(inside), true)).isTrue();
    assertThat(inside).doesNotExist();
    assertThat(FileSystem.getLocal(conf).exists(hadoop(base))).isTrue();
  }
}
