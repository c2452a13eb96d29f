package dev.dmp.stream;

import dev.dmp.hbase.security.Kerberos;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.SecurityUtil;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * What every Kafka client of the stream is given (the source, the admin clients that read log ends
 * and lag): the brokers, and each {@value #PREFIX}{@code NAME} setting as Kafka's {@code NAME}, the
 * way Flink's Kafka connector passes {@code properties.*}: {@code security.protocol}, {@code
 * sasl.*}, {@code ssl.*}. A Kerberos listener ({@code SASL_PLAINTEXT} or {@code SASL_SSL} with the
 * GSSAPI mechanism) and no {@code sasl.jaas.config} of its own log in from the service's keytab
 * ({@link Kerberos#PRINCIPAL}, {@link Kerberos#KEYTAB}), as Flink's {@code
 * security.kerberos.login.contexts: KafkaClient} does; without a keytab, from the ticket cache.
 */
final class KafkaClients {

  /** The prefix of the Kafka client settings, e.g. {@code dmp.stream.kafka.security.protocol}. */
  static final String PREFIX = "dmp.stream.kafka.";

  private KafkaClients() {}

  /** The client properties for the brokers {@code bootstrapServers}. */
  static Properties properties(Configuration conf, String bootstrapServers) {
    Properties p = new Properties();
    for (Map.Entry<String, String> e : conf.getPropsWithPrefix(PREFIX).entrySet()) {
      p.setProperty(e.getKey(), e.getValue().trim());
    }
    p.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    String protocol = p.getProperty(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
    String mechanism =
        p.getProperty(SaslConfigs.SASL_MECHANISM, SaslConfigs.DEFAULT_SASL_MECHANISM);
    if (protocol.toUpperCase(java.util.Locale.ROOT).startsWith("SASL_")
        && mechanism.equals("GSSAPI")
        && !p.containsKey(SaslConfigs.SASL_JAAS_CONFIG)) {
      p.setProperty(SaslConfigs.SASL_JAAS_CONFIG, kerberosLogin(conf));
      p.putIfAbsent(SaslConfigs.SASL_KERBEROS_SERVICE_NAME, "kafka");
    }
    return p;
  }

  /** Kafka's JAAS line for a Kerberos login: the service's keytab, or the ticket cache. */
  static String kerberosLogin(Configuration conf) {
    String principal = conf.getTrimmed(Kerberos.PRINCIPAL, "");
    String keytab = conf.getTrimmed(Kerberos.KEYTAB, "");
    String module = "com.sun.security.auth.module.Krb5LoginModule required";
    if (principal.isEmpty() || keytab.isEmpty()) {
      return module + " useTicketCache=true;";
    }
    return module
        + " useKeyTab=true storeKey=true keyTab=\""
        + keytab
        + "\" principal=\""
        + principal(conf)
        + "\";";
  }

  /** The service's principal, {@code _HOST} replaced by this host's canonical name. */
  static String principal(Configuration conf) {
    try {
      return SecurityUtil.getServerPrincipal(
          conf.getTrimmed(Kerberos.PRINCIPAL, ""),
          InetAddress.getLocalHost().getCanonicalHostName());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
