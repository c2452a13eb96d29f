package dev.dmp.hbase.security;

import java.io.IOException;
import java.net.InetAddress;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.SecurityUtil;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * Logs a command or a client in the way Hadoop tools do, when the cluster's {@code
 * hadoop.security.authentication} is {@code kerberos}: from a principal and keytab when {@value
 * #PRINCIPAL} and {@value #KEYTAB} are set ({@code _HOST} in the principal becomes this host's
 * canonical name, as in the daemons' principals), otherwise from the ticket cache that {@code
 * kinit} filled. A keytab login renews itself for as long as the process runs (Hadoop's {@code
 * hadoop.kerberos.keytab.login.autorenewal.enabled}); a ticket cache is renewed by UGI's own thread
 * while {@code kinit -R} can. With no usable credentials, {@link #login} fails with one line that
 * names the principal and what to run, before any RPC can retry or hang.
 *
 * <p>On a cluster without Kerberos it does nothing: the OS user is the Hadoop user.
 */
public final class Kerberos {

  /** The principal to log in as from {@link #KEYTAB}, e.g. {@code dmp/_HOST@EXAMPLE.COM}. */
  public static final String PRINCIPAL = "dmp.security.principal";

  /** The keytab of {@link #PRINCIPAL}, a local file readable only by the service user. */
  public static final String KEYTAB = "dmp.security.keytab";

  private static final String AUTORENEWAL = "hadoop.kerberos.keytab.login.autorenewal.enabled";

  /** What a user without credentials is told to do. */
  private static final String WHAT_TO_RUN =
      "run 'kinit PRINCIPAL' first, or set " + PRINCIPAL + " and " + KEYTAB;

  private Kerberos() {}

  /** Whether {@code conf} says the cluster authenticates with Kerberos. */
  public static boolean enabled(Configuration conf) {
    return "kerberos".equalsIgnoreCase(conf.get("hadoop.security.authentication", "simple"));
  }

  /**
   * Logs in as {@code conf} says and returns the user that calls will be made as: the keytab's
   * principal, or the ticket cache's, or (under {@code doAs}) the caller's own Kerberos user.
   *
   * @throws KerberosLoginException no usable credentials, with the one-line reason
   */
  public static UserGroupInformation login(Configuration conf) throws IOException {
    if (!enabled(conf)) {
      return UserGroupInformation.getCurrentUser();
    }
    if (!UserGroupInformation.isSecurityEnabled()) {
      UserGroupInformation.setConfiguration(conf); // before any user is made in simple mode
    }
    String principal = conf.getTrimmed(PRINCIPAL, "");
    String keytab = conf.getTrimmed(KEYTAB, "");
    if (!principal.isEmpty() || !keytab.isEmpty()) {
      return fromKeytab(conf, principal, keytab);
    }
    UserGroupInformation current;
    try {
      current = UserGroupInformation.getCurrentUser();
    } catch (IOException e) {
      throw new KerberosLoginException(
          "cannot log in from the Kerberos ticket cache: " + rootMessage(e) + ": " + WHAT_TO_RUN,
          e);
    }
    if (current.hasKerberosCredentials() || !current.getTokens().isEmpty()) {
      return current; // a doAs caller, a process that logged in, or a task with tokens
    }
    throw new KerberosLoginException(
        "no Kerberos ticket for "
            + current.getUserName()
            + " (the cluster uses Kerberos): "
            + WHAT_TO_RUN);
  }

  private static UserGroupInformation fromKeytab(
      Configuration conf, String principal, String keytab) throws IOException {
    if (principal.isEmpty() || keytab.isEmpty()) {
      throw new KerberosLoginException(
          PRINCIPAL + " and " + KEYTAB + " go together: set both, or neither to use 'kinit'");
    }
    String expanded =
        SecurityUtil.getServerPrincipal(
            principal, InetAddress.getLocalHost().getCanonicalHostName());
    UserGroupInformation current = UserGroupInformation.getLoginUser();
    if (current.hasKerberosCredentials() && expanded.equals(current.getUserName())) {
      current.checkTGTAndReloginFromKeytab();
      return current;
    }
    Configuration withRenewal = new Configuration(conf);
    withRenewal.setBoolean(AUTORENEWAL, true);
    UserGroupInformation.setConfiguration(withRenewal);
    try {
      UserGroupInformation.loginUserFromKeytab(expanded, keytab);
    } catch (IOException e) {
      throw new KerberosLoginException(
          "cannot log in as " + expanded + " from keytab " + keytab + ": " + rootMessage(e), e);
    }
    return UserGroupInformation.getLoginUser();
  }

  /**
   * Whether {@code t} (or a cause) is the client side of a refused authentication: no ticket, an
   * expired one, or a server that wants Kerberos from a client without it.
   */
  public static boolean isAuthenticationFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String m = String.valueOf(c.getMessage());
      if (c instanceof javax.security.sasl.SaslException
          || m.contains("Client cannot authenticate via")
          || m.contains("Failed to find any Kerberos tgt")
          || m.contains("GSS initiate failed")
          || m.contains("Ticket expired")) {
        return true;
      }
    }
    return false;
  }

  /** The one line a refused authentication becomes, naming the user and what to run. */
  public static String refusal(Configuration conf) {
    String principal = conf.getTrimmed(PRINCIPAL, "");
    String user;
    try {
      user = UserGroupInformation.getCurrentUser().getUserName();
    } catch (IOException e) {
      user = System.getProperty("user.name");
    }
    return "the cluster refused "
        + user
        + ": no valid Kerberos ticket ("
        + (principal.isEmpty()
            ? "run 'kinit PRINCIPAL' and try again"
            : "check " + KEYTAB + " for " + principal)
        + ")";
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }

  /** Credentials are missing or unusable; the message is the one line to show. */
  public static final class KerberosLoginException extends IOException {
    private static final long serialVersionUID = 1L;

    KerberosLoginException(String message) {
      super(message);
    }

    KerberosLoginException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
