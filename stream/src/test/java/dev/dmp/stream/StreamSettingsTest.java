package dev.dmp.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmp.core.UsageException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class StreamSettingsTest {

  @Test
  void topicsAreFeedsUnlessMappedOtherwiseInTheOrderGiven() throws Exception {
    assertThat(StreamSettings.topicFeeds(" web, ads=adserver ,crm"))
        .containsExactly(
            java.util.Map.entry("web", "web"),
            java.util.Map.entry("ads", "adserver"),
            java.util.Map.entry("crm", "crm"));
  }

  @Test
  void aBadTopicListIsAUsageErrorNamingTheEntry() {
    for (String[] bad :
        List.of(
            new String[] {"", "no topic given"},
            new String[] {"we b", "'we b' is not TOPIC or TOPIC=FEED"},
            new String[] {"web=Web", "feed 'Web' of topic web"},
            new String[] {"a=b=c", "'a=b=c'"},
            new String[] {"web,web", "web is named twice"})) {
      assertThatThrownBy(() -> StreamSettings.topicFeeds(bad[0]))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining(bad[1]);
    }
  }

  @Test
  void durationsAndBrokersAreCheckedAndTheHadoopConfigurationTravelsWithTheSettings()
      throws Exception {
    Configuration conf = new Configuration(false);
    conf.set(StreamSettings.BOOTSTRAP_SERVERS, "k1:9092,k2:9093");
    conf.set(StreamSettings.TOPICS, "web");
    conf.set(StreamSettings.GRACE, "90s");
    conf.set("dmp.base.dir", "/data/dmp");
    StreamSettings s = StreamSettings.from(conf);
    assertThat(s.graceMillis()).isEqualTo(90_000);
    assertThat(s.idleMillis()).isEqualTo(60_000);
    assertThat(s.checkpointMillis()).isEqualTo(10_000);
    assertThat(s.hadoop().get("dmp.base.dir")).isEqualTo("/data/dmp");
    assertThat(s.paths().raw().toString()).isEqualTo("/data/dmp/raw");

    conf.set(StreamSettings.GRACE, "-1s");
    assertThatThrownBy(() -> StreamSettings.from(conf))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(StreamSettings.GRACE);
    conf.set(StreamSettings.GRACE, "5m");
    conf.set(StreamSettings.BOOTSTRAP_SERVERS, "k1");
    assertThatThrownBy(() -> StreamSettings.from(conf))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("HOST:PORT");
  }
}
