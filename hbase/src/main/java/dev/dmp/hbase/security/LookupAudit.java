package dev.dmp.hbase.security;

import java.io.IOException;
import java.time.Instant;
import org.apache.hadoop.security.UserGroupInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of lookups: one record per identifier looked up, on the logger {@value #LOGGER}
 * at INFO, in the {@code key=value} tab-separated shape of HDFS's audit log: the authenticated user
 * (the Kerberos principal on a secure cluster), the query in the id index's form (e-mails and
 * phones hashed, never as typed), whether a person was found, and the time. An operator routes the
 * logger to a file or a collector of its own in the logging configuration
 * (docs/privacy-and-security.md, "On a secure cluster"); it is never written to the data sets.
 */
public final class LookupAudit {

  /** The logger's name. */
  public static final String LOGGER = "dmp.audit";

  private static final Logger AUDIT = LoggerFactory.getLogger(LOGGER);

  private LookupAudit() {}

  /** Records that the current user looked {@code canonicalQuery} up. */
  public static void lookedUp(String canonicalQuery, boolean found) {
    if (AUDIT.isInfoEnabled()) {
      AUDIT.info(
          "user={}\tquery={}\tfound={}\ttime={}", user(), canonicalQuery, found, Instant.now());
    }
  }

  /**
   * Records that the current user ran a command that reads or removes people's data in bulk (an
   * erasure, an audience export): the command and what it did, in counts and names, never an
   * identifier.
   */
  public static void ran(String command, String what) {
    if (AUDIT.isInfoEnabled()) {
      AUDIT.info("user={}\tcmd={}\twhat={}\ttime={}", user(), command, what, Instant.now());
    }
  }

  private static String user() {
    try {
      return UserGroupInformation.getCurrentUser().getUserName();
    } catch (IOException e) {
      return "unknown(" + e.getMessage() + ")";
    }
  }
}
