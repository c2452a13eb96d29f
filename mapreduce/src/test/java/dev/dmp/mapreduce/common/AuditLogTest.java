package dev.dmp.mapreduce.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.hbase.security.LookupAudit;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.log4j.LogManager;
import org.apache.log4j.PropertyConfigurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's logging configuration keeps the audit trail: {@code dmp.audit} at INFO into a file
 * of its own, whatever the root level (WARN) says.
 */
class AuditLogTest {

  @TempDir Path dir;

  @Test
  void theAuditTrailIsWrittenAlthoughTheRootLevelIsWarn() throws Exception {
    Properties conf = new Properties();
    try (InputStream in = Files.newInputStream(Path.of("..", "conf", "log4j.properties"))) {
      conf.load(in);
    }
    assertThat(conf.getProperty("log4j.rootLogger")).startsWith("WARN");
    System.setProperty("dmp.log.dir", dir.toString());
    try {
      LogManager.resetConfiguration();
      PropertyConfigurator.configure(conf);
      LookupAudit.ran("forget", "1 person(s), 4 identifier(s)");
      LookupAudit.lookedUp("email:0123abcd", true);
      LogManager.shutdown();
      String audit = Files.readString(dir.resolve("audit.log"));
      assertThat(audit)
          .contains("\tcmd=forget\twhat=1 person(s), 4 identifier(s)\t")
          .contains("\tquery=email:0123abcd\tfound=true\t");
    } finally {
      System.clearProperty("dmp.log.dir");
      LogManager.resetConfiguration();
      java.net.URL usual = AuditLogTest.class.getClassLoader().getResource("log4j.properties");
      if (usual != null) {
        PropertyConfigurator.configure(usual);
      }
    }
  }
}
