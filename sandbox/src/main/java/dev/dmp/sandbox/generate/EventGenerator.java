package dev.dmp.sandbox.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmp.core.IdentifierNormalizer;
import dev.dmp.core.clean.Fate;
import dev.dmp.core.clean.RejectReason;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes a day of realistic raw events from a seed, and the truth of what it planted. People have
 * cookies, app devices, e-mails, phones and logins, and an activity with a long tail; they are seen
 * by the web, app, CRM and ad sources, and log in now and then, which links their identifiers.
 * Mixed in, at fixed rates: robots with real crawler user agents, re-sent copies, malformed,
 * incomplete, mistimed and invalid records, junk identifiers, one device shared by many people,
 * opted-out people, and PII written in several spellings. Every planted record has exactly one
 * defect, so the fate the clean stage must give it is known.
 */
public final class EventGenerator {

  static final String[] SOURCES = {"web", "app", "crm", "ads"};
  private static final double[] SOURCE_SHARE = {0.45, 0.30, 0.08, 0.17};

  // Shares of all records.
  static final double DEFAULT_MALFORMED = 0.004;
  static final double MISSING_FIELD = 0.003;
  static final double BAD_TIMESTAMP = 0.003;
  static final double BAD_VALUE = 0.002;
  static final double NO_IDENTIFIER = 0.002;
  static final double OVERSIZED = 0.0002;
  static final double BOT = 0.03;
  static final double DUPLICATE = 0.02;
  static final double JUNK_ID = 0.02;
  static final double LATE = 0.01;
  static final double BLANK_LINE = 0.001;
  static final double SUPPRESSED_PEOPLE = 0.01;
  static final int SHARED_DEVICE_PEOPLE = 60;
  static final int LINES_PER_FILE = 200_000;

  private static final String[][] JUNK = {
    {"idfa", "00000000-0000-0000-0000-000000000000"},
    {"imei", "unknown"},
    {"oaid", "null"},
    {"gaid", "undefined"}
  };
  private static final String[] PAGES = {
    "/",
    "/sports/running-shoes",
    "/tech/phones/x12",
    "/travel/beijing-hotels",
    "/food/hotpot",
    "/fashion/winter-coats",
    "/finance/credit-cards",
    "/games/new-releases",
    "/home/sofas",
    "/beauty/skincare"
  };

  private final long seed;
  final LocalDate date;
  private final long records;

  /** People (their identifiers and activity) depend on the seed only: the same on every day. */
  private final SplittableRandom peopleRandom;

  /** Events depend on the seed and the day. */
  private final SplittableRandom random;

  final ObjectMapper json = new ObjectMapper();
  private final IdentifierNormalizer normalizer = IdentifierNormalizer.withDefaults();
  private final List<String> robots;
  final GroundTruth truth = new GroundTruth();
  final List<Population.Person> people = new ArrayList<>();
  private Population population;
  private long sequence;

  /** A line already written that may be re-sent, with what its copy counts as. */
  private record Sent(int source, byte[] line, Fate fate, int junk) {}

  /** The components the identity graph must find, from the identifiers events linked. */
  final PlantedComponents components = new PlantedComponents();

  private final Sent[] recent = new Sent[4096];
  private int recentCount;

  private double malformedShare = DEFAULT_MALFORMED;

  /**
   * What one unit of each currency the generator can send is worth in CNY, the reporting currency
   * of the truth (and the default of dmp.report.currency): the rates it writes to {@code
   * _rates.csv}, and the truth's converted revenue.
   */
  static final java.util.Map<String, BigDecimal> RATES_TO_CNY =
      java.util.Map.of(
          "CNY", BigDecimal.ONE,
          "USD", new BigDecimal("7.1042"),
          "EUR", new BigDecimal("7.6815"),
          "GBP", new BigDecimal("8.9731"),
          "JPY", new BigDecimal("0.047512"),
          "HKD", new BigDecimal("0.91234"));

  List<String> currencies = List.of("CNY");

  /**
   * Sends revenue in these currencies (default CNY only): an event with a currency gets one of them
   * by its amount, so that the rest of the day (people, events, amounts) is the same whatever the
   * list.
   */
  public EventGenerator currencies(List<String> codes) {
    for (String c : codes) {
      if (!RATES_TO_CNY.containsKey(c)) {
        throw new IllegalArgumentException(
            "the generator has no rate for " + c + "; it sends " + RATES_TO_CNY.keySet());
      }
    }
    this.currencies = List.copyOf(codes);
    return this;
  }

  /** Plants this share of malformed records instead of the default 0.4 % (a bad day). */
  public EventGenerator malformedShare(double share) {
    this.malformedShare = share;
    return this;
  }

  public EventGenerator(long seed, LocalDate date, long records) {
    this.seed = seed;
    this.date = date;
    this.records = records;
    this.peopleRandom = new SplittableRandom(seed);
    this.random = new SplittableRandom(seed ^ (date.toEpochDay() * 0x9E3779B97F4A7C15L));
    this.robots = UserAgents.robots().stream().filter(s -> s.length() < 1000).toList();
    truth.seed = seed;
    truth.date = date.toString();
  }

  /** Writes the records under {@code out}: {@code <source>/part-NNNNN.jsonl[.gz]} and the truth. */
  public GroundTruth write(FileSystem fs, Path out) throws IOException {
    population = Population.make(peopleRandom, records);
    people.addAll(population.people());
    truth.people = people.size();
    truth.suppressedPeople = population.suppressed();
    SourceWriters writers = new SourceWriters(fs, out);
    try {
      sharedDeviceEvents(writers);
      while (truth.records < records) {
        next(writers);
      }
    } finally {
      writers.close();
    }
    TruthFiles.write(this, fs, out);
    return truth;
  }

  /** The device of a shop, on which many people log in: a super-connector. */
  private void sharedDeviceEvents(SourceWriters writers) throws IOException {
    String shared = uuid(peopleRandom);
    truth.sharedDevice = "device_id:" + shared;
    truth.sharedDevicePeople = SHARED_DEVICE_PEOPLE;
    for (int i = 0; i < SHARED_DEVICE_PEOPLE && truth.records < records; i++) {
      Population.Person p = people.get(i);
      p.sharesDevice = true;
      ObjectNode e = base(0, "login", p, eventTime());
      ObjectNode ids = e.putObject("ids");
      ids.put("cookie", p.cookies.get(0));
      ids.put("device_id", shared);
      if (p.userId != null) {
        ids.put("user_id", p.userId);
      }
      emitPersonEvent(writers, 0, e, p, 0);
    }
  }

  private void next(SourceWriters writers) throws IOException {
    if (random.nextDouble() < BLANK_LINE) {
      writers.blank(random.nextInt(SOURCES.length));
      truth.blankLines++;
    }
    double x = random.nextDouble();
    int source = sourceIndex();
    if ((x -= malformedShare) < 0) {
      writers.line(source, malformed(source));
      truth.count(Fate.REJECTED, RejectReason.MALFORMED, "(unknown)");
    } else if ((x -= MISSING_FIELD) < 0) {
      Event ev = personEvent(source, population.pick(random));
      ev.event.remove(pick(new String[] {"event_id", "event_time", "event_type"}));
      reject(writers, ev, RejectReason.MISSING_FIELD, 0);
    } else if ((x -= BAD_TIMESTAMP) < 0) {
      Event ev = personEvent(source, population.pick(random));
      ev.event.put(
          "event_time",
          pick(
              new String[] {
                "yesterday",
                date + "T25:61:00+08:00",
                date + " 10:00:00",
                date.minusYears(3) + "T10:00:00Z",
                date.plusDays(3) + "T10:00:00Z"
              }));
      reject(writers, ev, RejectReason.BAD_TIMESTAMP, 0);
    } else if ((x -= BAD_VALUE) < 0) {
      Event ev = personEvent(source, population.pick(random));
      switch (random.nextInt(3)) {
        case 0 -> ev.event.put("revenue", -12.5);
        case 1 -> ev.event.put("revenue", 20.0).put("currency", "XYZ");
        default -> ev.event.put("event_type", "Page View!");
      }
      reject(writers, ev, RejectReason.BAD_VALUE, 0);
    } else if ((x -= NO_IDENTIFIER) < 0) {
      Event ev = personEvent(source, population.pick(random));
      ev.event
          .putObject("ids")
          .put("cookie", "null")
          .put("device_id", "00000000-0000-0000-0000-000000000000");
      reject(writers, ev, RejectReason.NO_IDENTIFIER, 2);
    } else if ((x -= OVERSIZED) < 0) {
      Event ev = personEvent(source, population.pick(random));
      ev.event.putObject("props").put("blob", "x".repeat(70_000));
      reject(writers, ev, RejectReason.OVERSIZED, 0);
    } else if ((x -= BOT) < 0) {
      int s = random.nextDouble() < 0.8 ? 0 : 3;
      ObjectNode e = base(s, s == 0 ? "page_view" : "impression", null, eventTime());
      e.put("ua", pick(robots));
      e.putObject("ids").put("cookie", "ck_bot" + random.nextInt(200));
      e.put("url", "https://www.example.com" + pick(PAGES));
      byte[] line = bytes(e);
      writers.line(s, line);
      truth.count(Fate.BOT, null, SOURCES[s]);
      remember(new Sent(s, line, Fate.BOT, 0));
    } else if ((x -= DUPLICATE) < 0 && recentCount > 0) {
      Sent original = recent[random.nextInt(Math.min(recentCount, recent.length))];
      writers.line(original.source, original.line);
      Fate fate = original.fate == Fate.CLEAN ? Fate.DUPLICATE : original.fate;
      truth.count(fate, null, SOURCES[original.source]);
      truth.droppedIds += original.junk;
    } else {
      Population.Person p = population.pick(random);
      Event ev = personEvent(source, p);
      emitPersonEvent(writers, ev.source, ev.event, p, ev.junk);
    }
  }

  private void reject(SourceWriters writers, Event ev, RejectReason reason, int junk)
      throws IOException {
    writers.line(ev.source, bytes(ev.event));
    // An oversized record is rejected unread, like a malformed one: its source is not known.
    String source = reason == RejectReason.OVERSIZED ? "(unknown)" : SOURCES[ev.source];
    truth.count(Fate.REJECTED, reason, source);
    truth.droppedIds += junk;
  }

  private void emitPersonEvent(
      SourceWriters writers, int source, ObjectNode e, Population.Person p, int junk)
      throws IOException {
    byte[] line = bytes(e);
    writers.line(source, line);
    boolean optedOut =
        p.suppressedType != null
            && e.get("ids").has(p.suppressedType)
            && sameId(
                p.suppressedType, e.get("ids").get(p.suppressedType).asText(), p.suppressedValue);
    Fate fate = optedOut ? Fate.OPTED_OUT : Fate.CLEAN;
    truth.count(fate, null, SOURCES[source]);
    link(e, fate);
    truth.droppedIds += junk;
    if (fate == Fate.CLEAN) {
      p.cleanEvents++;
      if (e.has("revenue")) {
        BigDecimal converted = converted(e);
        p.revenue += converted.doubleValue();
        String currency = e.has("currency") ? e.get("currency").asText() : "-";
        truth.revenueByCurrency.merge(
            currency, e.get("revenue").asDouble(), (a, b) -> Math.round((a + b) * 100) / 100.0);
        truth.revenueConverted = truth.revenueConverted.add(converted);
      }
    }
    remember(new Sent(source, line, fate, junk));
  }

  /** Links the usable identifiers of an event of a person, as the identity graph will. */
  private void link(ObjectNode e, Fate fate) {
    List<String> ids = new ArrayList<>();
    e.get("ids")
        .fields()
        .forEachRemaining(
            f -> {
              if (normalizer.normalize(f.getKey(), f.getValue().asText())
                  instanceof IdentifierNormalizer.Usable u) {
                String id = u.id().toString();
                if (!id.equals(truth.sharedDevice)) {
                  ids.add(id);
                }
              }
            });
    components.link(ids, fate == Fate.CLEAN, e.has("revenue") ? converted(e).doubleValue() : 0);
  }

  private boolean sameId(String type, String a, String b) {
    return canonical(type, a).equals(canonical(type, b));
  }

  private void remember(Sent s) {
    recent[recentCount++ % recent.length] = s;
  }

  private record Event(int source, ObjectNode event, int junk) {}

  /** An ordinary event of {@code p} seen by {@code source} (or the web, if p has no such ids). */
  private Event personEvent(int source, Population.Person p) {
    if (source == 1 && p.deviceId == null
        || source == 2 && p.email == null && p.phone == null && p.userId == null) {
      source = 0;
    }
    long time = eventTime();
    ObjectNode e;
    ObjectNode ids;
    switch (source) {
      case 1 -> {
        double r = random.nextDouble();
        String type =
            r < 0.6 ? "page_view" : r < 0.8 ? "app_open" : r < 0.97 ? "click" : "purchase";
        e = base(1, type, p, time);
        ids = e.putObject("ids");
        ids.put("device_id", p.deviceId);
        ids.put(p.adType, random.nextBoolean() ? p.adId : p.adId.toUpperCase(Locale.ROOT));
        if (random.nextDouble() < 0.2) {
          if (p.userId != null) {
            ids.put("user_id", p.userId);
          } else if (p.phone != null) {
            ids.put("phone", phoneSpelling(p.phone));
          }
        }
        e.put("sdk_version", "4." + random.nextInt(5) + ".1");
        if (type.equals("purchase")) {
          revenue(e);
        }
      }
      case 2 -> {
        e =
            base(
                2,
                random.nextDouble() < 0.4 ? "purchase" : random.nextBoolean() ? "login" : "signup",
                p,
                time);
        e.remove("ua");
        e.remove("ip");
        e.remove("url");
        ids = e.putObject("ids");
        if (p.userId != null) {
          ids.put("user_id", p.userId);
        }
        if (p.email != null) {
          ids.put("email", emailSpelling(p.email));
        }
        if (p.phone != null) {
          ids.put("phone", phoneSpelling(p.phone));
        }
        if (e.get("event_type").asText().equals("purchase")) {
          revenue(e);
        }
      }
      case 3 -> {
        e = base(3, random.nextDouble() < 0.85 ? "impression" : "click", p, time);
        e.put("event_time", time); // the ad server sends epoch millis
        e.put("campaign_id", "cmp-" + (1 + random.nextInt(40)));
        ids = e.putObject("ids");
        if (p.deviceId != null && random.nextBoolean()) {
          ids.put(p.adType, p.adId);
        } else {
          ids.put("cookie", pick(p.cookies));
        }
      }
      default -> {
        double r = random.nextDouble();
        String type = r < 0.8 ? "page_view" : r < 0.95 ? "click" : r < 0.98 ? "login" : "signup";
        e = base(0, type, p, time);
        ids = e.putObject("ids");
        ids.put("cookie", pick(p.cookies));
        if (random.nextDouble() < 0.12) {
          if (p.email != null) {
            ids.put("email", emailSpelling(p.email));
          }
          if (p.userId != null) {
            ids.put("user_id", p.userId);
          }
        }
        if (random.nextDouble() < 0.3) {
          e.put("referrer", "https://search.example.org/?q=" + random.nextInt(1000));
        }
      }
    }
    int junk = 0;
    if (random.nextDouble() < JUNK_ID) {
      for (String[] j : JUNK) {
        if (!ids.has(j[0])) {
          ids.put(j[0], j[1]);
          junk = 1;
          break;
        }
      }
    }
    return new Event(source, e, junk);
  }

  private ObjectNode base(int source, String type, Population.Person p, long time) {
    ObjectNode e = json.createObjectNode();
    e.put(
        "event_id",
        SOURCES[source]
            + "-"
            + Long.toHexString(seed)
            + "-"
            + date.toEpochDay()
            + "-"
            + (sequence++));
    e.put(
        "event_time",
        OffsetDateTime.ofInstant(Instant.ofEpochMilli(time), ZoneOffset.ofHours(8))
            .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    e.put(
        "source",
        random.nextDouble() < 0.05 ? SOURCES[source].toUpperCase(Locale.ROOT) : SOURCES[source]);
    e.put("event_type", type);
    e.put("ua", p == null ? pick(UserAgents.PEOPLE) : p.ua);
    e.put("ip", "203.0." + random.nextInt(256) + "." + random.nextInt(256));
    e.put("url", "https://www.Example.com:443" + pick(PAGES) + "#top");
    ObjectNode geo = e.putObject("geo");
    geo.put("country", "CN");
    geo.put("city", pick(new String[] {"Beijing", "Shanghai", "Shenzhen", "Chengdu", "Hangzhou"}));
    return e;
  }

  private void revenue(ObjectNode e) {
    long cents = Math.round(random.nextDouble(10, 2000) * 100);
    e.put("revenue", cents / 100.0);
    if (random.nextBoolean()) {
      e.put("currency", currencies.get((int) (cents % currencies.size())));
    }
  }

  /**
   * An event's revenue in CNY as clean must convert it: at the event's rate (CNY, the default
   * currency, when it has none), rounded half-even to the cent.
   */
  private static BigDecimal converted(ObjectNode e) {
    String currency = e.has("currency") ? e.get("currency").asText() : "CNY";
    return BigDecimal.valueOf(e.get("revenue").asDouble())
        .multiply(RATES_TO_CNY.get(currency))
        .setScale(2, java.math.RoundingMode.HALF_EVEN);
  }

  private long eventTime() {
    long dayStart = date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    long offset = random.nextLong(86_400_000L);
    return random.nextDouble() < LATE ? dayStart - 86_400_000L + offset : dayStart + offset;
  }

  private byte[] malformed(int source) {
    return switch (random.nextInt(4)) {
      case 0 -> {
        String full = personEvent(source, population.pick(random)).event.toString();
        yield full.substring(0, full.length() / 2).getBytes(StandardCharsets.UTF_8);
      }
      case 1 -> "GET /collect?e=page_view HTTP/1.1".getBytes(StandardCharsets.UTF_8);
      case 2 -> {
        byte[] head =
            ("{\"event_id\":\"bad-utf8-" + (sequence++) + "\",\"source\":\"web\",\"note\":\"")
                .getBytes(StandardCharsets.UTF_8);
        byte[] line = Arrays.copyOf(head, head.length + 4);
        line[head.length] = (byte) 0xC3; // a lead byte followed by no continuation byte
        line[head.length + 1] = (byte) 0x28;
        line[head.length + 2] = '"';
        line[head.length + 3] = '}';
        yield line;
      }
      default -> "[\"page_view\", 1, 2]".getBytes(StandardCharsets.UTF_8);
    };
  }

  String emailSpelling(String email) {
    return switch (random.nextInt(3)) {
      case 0 -> email;
      case 1 -> " " + email.toUpperCase(Locale.ROOT) + " ";
      default -> Character.toUpperCase(email.charAt(0)) + email.substring(1);
    };
  }

  private String phoneSpelling(String national) {
    return switch (random.nextInt(3)) {
      case 0 -> national;
      case 1 ->
          "+86 "
              + national.substring(0, 3)
              + " "
              + national.substring(3, 7)
              + " "
              + national.substring(7);
      default -> "+86-" + national;
    };
  }

  private int sourceIndex() {
    double x = random.nextDouble();
    for (int i = 0; i < SOURCE_SHARE.length; i++) {
      if ((x -= SOURCE_SHARE[i]) < 0) {
        return i;
      }
    }
    return 0;
  }

  static String uuid(SplittableRandom r) {
    return new UUID(r.nextLong(), r.nextLong()).toString();
  }

  private <T> T pick(T[] items) {
    return pick(random, items);
  }

  private <T> T pick(List<T> items) {
    return pick(random, items);
  }

  static <T> T pick(SplittableRandom r, T[] items) {
    return items[r.nextInt(items.length)];
  }

  static <T> T pick(SplittableRandom r, List<T> items) {
    return items.get(r.nextInt(items.size()));
  }

  private byte[] bytes(ObjectNode e) {
    return e.toString().getBytes(StandardCharsets.UTF_8);
  }

  String canonical(String type, String value) {
    if (normalizer.normalize(type, value) instanceof IdentifierNormalizer.Usable u) {
      return u.id().toString();
    }
    throw new IllegalStateException("the generator made an unusable " + type);
  }
}
