package dev.dmp.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmp.hbase.security.Kerberos;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

  @Test
  void everyPrefixedSettingGoesToKafkaUnderItsOwnName() {
    Configuration conf = new Configuration(false);
    conf.set("dmp.stream.kafka.security.protocol", "SSL");
    conf.set("dmp.stream.kafka.ssl.truststore.location", " /etc/kafka/truststore.jks ");
    conf.set("dmp.stream.grace", "5m");
    Properties p = KafkaClients.properties(conf, "k1:9093,k2:9093");
    assertThat(p)
        .containsEntry("bootstrap.servers", "k1:9093,k2:9093")
        .containsEntry("security.protocol", "SSL")
        .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.jks")
        .doesNotContainKey("grace")
        .doesNotContainKey("sasl.jaas.config")
        .hasSize(3);
  }

  @Test
  void aKerberosListenerLogsInFromTheServicesKeytabWithHostExpanded() {
    Configuration conf = new Configuration(false);
    conf.set("dmp.stream.kafka.security.protocol", "SASL_PLAINTEXT");
    conf.set(Kerberos.PRINCIPAL, "dmp/_HOST@EXAMPLE.COM");
    conf.set(Kerberos.KEYTAB, "/etc/security/keytabs/dmp.keytab");
    Properties p = KafkaClients.properties(conf, "k1:9092");
    assertThat(p.getProperty("sasl.kerberos.service.name")).isEqualTo("kafka");
    assertThat(p.getProperty("sasl.jaas.config"))
        .startsWith("com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true")
        .contains("keyTab=\"/etc/security/keytabs/dmp.keytab\"")
        .contains("principal=\"" + KafkaClients.principal(conf) + "\"")
        .doesNotContain("_HOST");
  }

  @Test
  void theOperatorsOwnLoginAndServiceNameWinAndWithoutAKeytabKafkasJaasSectionDoes() {
    Configuration conf = new Configuration(false);
    conf.set("dmp.stream.kafka.security.protocol", "sasl_ssl");
    conf.set("dmp.stream.kafka.sasl.kerberos.service.name", "kafka-prod");
    Properties withoutKeytab = KafkaClients.properties(conf, "k1:9092");
    assertThat(withoutKeytab).doesNotContainKey("sasl.jaas.config");
    assertThat(withoutKeytab.getProperty("sasl.kerberos.service.name")).isEqualTo("kafka-prod");

    conf.set(Kerberos.PRINCIPAL, "dmp/_HOST@EXAMPLE.COM");
    conf.set(Kerberos.KEYTAB, "/k");
    conf.set("dmp.stream.kafka.sasl.jaas.config", "mine;");
    assertThat(KafkaClients.properties(conf, "k1:9092").getProperty("sasl.jaas.config"))
        .isEqualTo("mine;");
    // Another mechanism than Kerberos: nothing added.
    conf.unset("dmp.stream.kafka.sasl.jaas.config");
    conf.set("dmp.stream.kafka.sasl.mechanism", "SCRAM-SHA-512");
    assertThat(KafkaClients.properties(conf, "k1:9092")).doesNotContainKey("sasl.jaas.config");
  }
}
