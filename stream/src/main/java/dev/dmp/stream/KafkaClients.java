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
 * ({@link Kerberos#PRINCIPAL}, {@link Kerberos#KEYTAB}) when those are set; otherwise Kafka uses
 * the JVM's JAAS section {@code KafkaClient}, which Flink installs from its own keytab under {@code
 * flink run} ({@code security.kerberos.login.contexts: KafkaClient}).
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
        && mechanism.equals("GSSAPI")) {
      p.putIfAbsent(SaslConfigs.SASL_KERBEROS_SERVICE_NAME, "kafka");
      String keytab = conf.getTrimmed(Kerberos.KEYTAB, "");
      if (!keytab.isEmpty() && !conf.getTrimmed(Kerberos.PRINCIPAL, "").isEmpty()) {
        p.putIfAbsent(
            SaslConfigs.SASL_JAAS_CONFIG,
            "com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true storeKey=true"
                + " keyTab=\""
                + keytab
                + "\" principal=\""
                + principal(conf)
                + "\";");
      }
    }
    return p;
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
