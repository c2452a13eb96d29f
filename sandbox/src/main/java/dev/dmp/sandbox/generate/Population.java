package dev.dmp.sandbox.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The generator's people: their identifiers (cookies, an app device and advertising id, an e-mail,
 * a phone, a login) and how active each is (log-normal: a long tail). They depend on the seed only,
 * so that a person is the same on every generated day; the last ones opt out.
 */
final class Population {

  private static final String[] DOMAINS = {"example.com", "mail.example.cn", "example.net"};
  private static final String[] PHONE_PREFIXES = {
    "138", "139", "137", "136", "135", "150", "151", "186", "187", "188", "159", "182"
  };

  private final List<Person> people;
  private final double[] cumulativeActivity;
  private final int suppressed;

  private Population(List<Person> people, double[] cumulativeActivity, int suppressed) {
    this.people = people;
    this.cumulativeActivity = cumulativeActivity;
    this.suppressed = suppressed;
  }

  List<Person> people() {
    return people;
  }

  /** How many people opted out. */
  int suppressed() {
    return suppressed;
  }

  static final class Person {
    final int index;
    final List<String> cookies = new ArrayList<>();
    String deviceId;
    String adType;
    String adId;
    String email;
    String phone;
    String userId;
    String ua;
    String suppressedType;
    String suppressedValue;
    boolean sharesDevice;
    long cleanEvents;
    double revenue;

    Person(int index) {
      this.index = index;
    }
  }

  /** The people of a run of {@code records} records, drawn from {@code r}. */
  static Population make(SplittableRandom r, long records) {
    List<Person> people = new ArrayList<>();
    int n = (int) Math.max(EventGenerator.SHARED_DEVICE_PEOPLE + 10, records / 25);
    double[] cumulativeActivity = new double[n];
    double total = 0;
    for (int i = 0; i < n; i++) {
      Person p = new Person(i);
      int cookies = 1 + (r.nextDouble() < 0.3 ? 1 : 0);
      for (int c = 0; c < cookies; c++) {
        p.cookies.add("ck_" + Long.toHexString(r.nextLong() & Long.MAX_VALUE));
      }
      if (r.nextDouble() < 0.6) {
        p.deviceId = EventGenerator.uuid(r);
        p.adType = r.nextBoolean() ? "idfa" : "gaid";
        p.adId = EventGenerator.uuid(r);
      }
      if (r.nextDouble() < 0.55) {
        p.email =
            "user"
                + i
                + "."
                + Integer.toHexString(r.nextInt(1 << 16))
                + "@"
                + EventGenerator.pick(r, DOMAINS);
      }
      if (r.nextDouble() < 0.35) {
        p.phone =
            EventGenerator.pick(r, PHONE_PREFIXES) + String.format("%08d", r.nextInt(100_000_000));
      }
      if (r.nextDouble() < 0.45) {
        p.userId = "u" + (100_000 + i);
      }
      p.ua = EventGenerator.pick(r, UserAgents.PEOPLE);
      // Long tail: log-normal activity.
      total += Math.exp(r.nextGaussian(0, 1.3));
      cumulativeActivity[i] = total;
      people.add(p);
    }
    int suppressed = (int) Math.max(1, n * EventGenerator.SUPPRESSED_PEOPLE);
    for (int k = 0; k < suppressed; k++) {
      Person p = people.get(n - 1 - k); // the last ones, never among the shared-device people
      if (p.email != null) {
        p.suppressedType = "email";
        p.suppressedValue = p.email;
      } else {
        p.suppressedType = "cookie";
        p.suppressedValue = p.cookies.get(0);
      }
    }
    return new Population(people, cumulativeActivity, suppressed);
  }

  /** A person drawn by activity: the long tail of the population. */
  Person pick(SplittableRandom random) {
    double x = random.nextDouble() * cumulativeActivity[cumulativeActivity.length - 1];
    int i = Arrays.binarySearch(cumulativeActivity, x);
    return people.get(i >= 0 ? i : Math.min(-i - 1, people.size() - 1));
  }
}
